using System.IO.Compression;
using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Compression.Deflate;
using static SegmentS2.Tests.GeoTiff.Compression.ZlibReference;
using Xunit.Abstractions;

namespace SegmentS2.Tests.GeoTiff.Compression;

/// <summary>The managed inflater against System.IO.Compression (zlib-ng), an independent implementation.</summary>
/// <remarks>
/// The fuzz tests run a fixed number of seeded inputs in CI; SEGMENTS2_FUZZ_ITERATIONS scales them for a longer run.
/// </remarks>
public class ZlibInflaterTests(ITestOutputHelper log)
{
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("SEGMENTS2_FUZZ_ITERATIONS"), out int n) && n > 0 ? n : 2500;

    public static TheoryData<string, CompressionLevel> Payloads()
    {
        var data = new TheoryData<string, CompressionLevel>();
        foreach (string kind in (string[])["random", "text", "runs", "gradient", "one-byte", "mixed"])
        {
            foreach (CompressionLevel level in (CompressionLevel[])[CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize])
            {
                data.Add(kind, level);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Decodes_what_system_io_compression_encodes(string kind, CompressionLevel level)
    {
        byte[] original = Payload(kind);
        byte[] compressed = ZlibReference.Compress(original, level);
        var output = new byte[original.Length + 300];

        int written = new ZlibInflater().Inflate(compressed, output, () => new GeoTiffFormatException("overflow"));

        Assert.Equal(original.Length, written);
        Assert.True(original.AsSpan().SequenceEqual(output.AsSpan(0, written)));
    }

    [Fact]
    public void Output_exactly_filling_the_buffer_is_accepted_and_one_byte_less_overflows()
    {
        byte[] original = Payload("mixed");
        byte[] compressed = ZlibReference.Compress(original, CompressionLevel.Optimal);
        var inflater = new ZlibInflater();

        Assert.Equal(original.Length, inflater.Inflate(compressed, new byte[original.Length], () => new GeoTiffFormatException("overflow")));
        var ex = Assert.Throws<GeoTiffFormatException>(() => inflater.Inflate(compressed, new byte[original.Length - 1], () => new GeoTiffFormatException("overflow")));
        Assert.Equal("overflow", ex.Message);
    }

    [Fact]
    public void A_wrong_checksum_is_detected()
    {
        byte[] compressed = ZlibReference.Compress(Payload("text"), CompressionLevel.Optimal);
        compressed[^1] ^= 1;
        var ex = Assert.Throws<GeoTiffFormatException>(() => new ZlibInflater().Inflate(compressed, new byte[1 << 20], () => new GeoTiffFormatException("overflow")));
        Assert.Contains("Adler-32", ex.Message);
    }

    [Fact]
    public void Adler32_equals_the_definition()
    {
        var random = new Random(5);
        foreach (int length in (int[])[0, 1, 31, 32, 33, 63, 64, 65, 95, 5535, 5536, 5537, 5551, 5552, 5553, 11_072, 11_073, 100_001, 1 << 20])
        {
            var data = new byte[length + 31];
            random.NextBytes(data);
            if (length > 1000)
            {
                data.AsSpan(0, 1000).Fill(0xFF); // worst case for the sums
            }

            // Every start alignment of the vector loads, and a tail of every length below one 32-byte chunk.
            foreach (int offset in (int[])[0, 1, 7, 31])
            {
                ReadOnlySpan<byte> slice = data.AsSpan(offset, length);
                Assert.Equal(ZlibReference.Adler32ByDefinition(slice), Adler32.Compute(slice));
            }
        }
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x00)]
    public void Adler32_sums_stay_exact_for_long_runs_of_one_byte(byte value)
    {
        // 0xFF everywhere is the largest the sums grow between reductions; lengths straddle the reduction blocks.
        foreach (int length in (int[])[5536, 5552, 5553, 65_521, 65_537, 1 << 20, (1 << 20) + 61])
        {
            byte[] data = Enumerable.Repeat(value, length).ToArray();
            Assert.Equal(ZlibReference.Adler32ByDefinition(data), Adler32.Compute(data));
        }
    }

    [Fact]
    public void Generated_streams_decode_to_what_they_encode_as_zlib_does()
    {
        // Streams no real encoder writes: 15-bit codes, lone one-bit codes, 258 as 284 + 31, distance 32768, ...
        var random = new Random(2024);
        var inflater = new ZlibInflater();
        for (int i = 0; i < Iterations / 10; i++)
        {
            (byte[] stream, byte[] decoded) = RandomDeflateStream.Generate(random, i % 10 == 0 ? 40_000 : random.Next(0, 3000));
            (Verdict verdict, byte[]? reference) = Inflate(stream, decoded.Length);
            Assert.Equal(Verdict.Decoded, verdict);
            Assert.True(decoded.AsSpan().SequenceEqual(reference), $"stream {i}: zlib disagrees with the generator");

            (int written, byte[] output, Exception? error) = GuardedInflate.Run(inflater, stream, decoded.Length, i);
            Assert.Null(error);
            Assert.True(decoded.AsSpan().SequenceEqual(output.AsSpan(0, written)), $"stream {i}: output differs");
            if (decoded.Length > 0)
            {
                error = GuardedInflate.Run(inflater, stream, decoded.Length - 1, i).Error;
                Assert.Equal(GuardedInflate.OverflowMessage, error?.Message);
            }
        }
    }

    [Fact]
    public void Mutated_streams_decode_as_zlib_does_or_fail_typed()
    {
        // Whole zlib streams, mutated: we accept exactly what zlib accepts (checksum included), with the same
        // output, and only ever fail with GeoTiffFormatException, writing nothing outside the destination.
        var random = new Random(77);
        var inflater = new ZlibInflater();
        (byte[] Original, byte[] Compressed)[] seeds = Seeds(random);
        int decoded = 0;
        for (int i = 0; i < Iterations; i++)
        {
            (byte[] original, byte[] seed) = seeds[i % seeds.Length];
            (byte[] data, string mutation) = Mutate(random, seed);
            int capacity = Math.Max(0, original.Length + random.Next(-64, 300));
            (Verdict verdict, byte[]? reference) = Inflate(data, capacity);
            (int written, byte[] output, Exception? error) = GuardedInflate.Run(inflater, data, capacity, i);
            string what = $"mutation {i} ({mutation}) of seed {i % seeds.Length}, capacity {capacity}: zlib {verdict}, we {error?.Message ?? $"decoded {written} bytes"}";
            if (verdict == Verdict.Decoded)
            {
                Assert.True(error is null, what);
                Assert.True(reference.AsSpan().SequenceEqual(output.AsSpan(0, written)), what);
                decoded++;
            }
            else
            {
                Assert.True(error is GeoTiffFormatException, what);
            }
        }

        log.WriteLine($"{Iterations} mutated streams: {decoded} decoded identically, {Iterations - decoded} rejected by both.");
        Assert.True(decoded >= 10, $"only {decoded} mutations decoded; too few to compare outputs");
    }

    [Fact]
    public void Mutated_deflate_data_decodes_as_zlib_does_or_fails_typed()
    {
        // Only the Deflate data is mutated and the checksum is recomputed from zlib's output (raw Deflate,
        // no checksum), so the two decoders are compared on structure alone: when zlib rejects the data we
        // must reject it too, and for a reason other than the checksum.
        var random = new Random(78);
        var inflater = new ZlibInflater();
        (byte[] Original, byte[] Compressed)[] seeds = Seeds(random);
        int decoded = 0, rejected = 0;
        for (int i = 0; i < Iterations; i++)
        {
            (byte[] original, byte[] seed) = seeds[i % seeds.Length];
            (byte[] body, string mutation) = Mutate(random, seed[2..^4]);
            int capacity = Math.Max(0, original.Length + random.Next(-64, 300));
            (Verdict verdict, byte[]? reference) = Inflate(body, capacity, raw: true);
            int end = verdict == Verdict.Decoded ? DeflateEnd(body, capacity) : body.Length;
            byte[] data = [.. DeflateBitWriter.Zlib(body[..end], reference ?? [], seed[0], seed[1]), .. body[end..]];
            (int written, byte[] output, Exception? error) = GuardedInflate.Run(inflater, data, capacity, i);
            string what = $"mutation {i} ({mutation}) of seed {i % seeds.Length}, capacity {capacity}: zlib {verdict}, we {error?.Message ?? $"decoded {written} bytes"}";
            switch (verdict)
            {
                case Verdict.Decoded:
                    Assert.True(error is null, what);
                    Assert.True(reference.AsSpan().SequenceEqual(output.AsSpan(0, written)), what);
                    decoded++;
                    break;
                case Verdict.TooLong:
                    Assert.True(error is GeoTiffFormatException, what);
                    break;
                default:
                    Assert.True(error is GeoTiffFormatException && !error.Message.Contains("differs from the stored", StringComparison.Ordinal), what);
                    rejected++;
                    break;
            }
        }

        log.WriteLine($"{Iterations} mutated Deflate bodies: {decoded} decoded identically, {rejected} rejected by both on structure, {Iterations - decoded - rejected} too long for both.");
        Assert.True(decoded > Iterations / 8 && rejected > Iterations / 8, $"{decoded} decoded, {rejected} rejected: too few of one to compare");
    }

    /// <summary>
    /// Where zlib's Deflate stream ends in <paramref name="body"/>, so the checksum can go there: the
    /// shortest prefix zlib finds complete (shorter ones are truncated, longer ones have trailing bytes).
    /// </summary>
    private static int DeflateEnd(byte[] body, int limit)
    {
        int low = 0, high = body.Length;
        while (low < high)
        {
            int mid = (low + high) / 2;
            (low, high) = Inflate(body[..mid], limit, raw: true).Verdict == Verdict.Decoded ? (low, mid) : (mid + 1, high);
        }

        return high;
    }

    /// <summary>Streams from System.IO.Compression and from <see cref="RandomDeflateStream"/>, with what they decode to.</summary>
    private static (byte[] Original, byte[] Compressed)[] Seeds(Random random) =>
    [
        .. ((string[])["random", "text", "runs", "gradient", "mixed"])
            .SelectMany(kind => ((CompressionLevel[])[CompressionLevel.Fastest, CompressionLevel.Optimal]).Select(level => (Payload(kind)[..6_000], level)))
            .Select(p => (p.Item1, Compress(p.Item1, p.level))),
        .. Enumerable.Range(0, 40).Select(_ => RandomDeflateStream.Generate(random, 500)).Where(s => s.Decoded.Length < 12_000).Select(s => (s.Decoded, s.Zlib)),
    ];

    /// <summary>One random mutation: bit flips, a random byte, a cut, a deletion, an insertion, a repeated chunk, or a random tail.</summary>
    private static (byte[] Data, string What) Mutate(Random random, byte[] seed)
    {
        byte[] data = (byte[])seed.Clone();
        int at = random.Next(Math.Max(1, data.Length));
        switch (random.Next(8))
        {
            case 0:
            case 1:
                int flips = random.Next(1, 4);
                for (int m = 0; m < flips && data.Length > 0; m++)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (data, $"{flips} bit flips");
            case 2:
                if (data.Length > 0)
                {
                    data[at] = (byte)random.Next(256);
                }

                return (data, $"byte {at} set");
            case 3:
                return (data[..Math.Min(at, data.Length)], $"cut at {at}");
            case 4:
                int deleted = Math.Min(random.Next(1, 16), data.Length - at);
                return ([.. data[..at], .. data[Math.Min(data.Length, at + deleted)..]], $"{deleted} bytes deleted at {at}");
            case 5:
                var inserted = new byte[random.Next(1, 16)];
                random.NextBytes(inserted);
                return ([.. data[..Math.Min(at, data.Length)], .. inserted, .. data[Math.Min(at, data.Length)..]], $"{inserted.Length} bytes inserted at {at}");
            case 6:
                int length = Math.Min(random.Next(1, 64), data.Length - at);
                return ([.. data[..(at + length)], .. data[at..]], $"{length} bytes repeated at {at}");
            default:
                random.NextBytes(data.AsSpan(Math.Min(at, data.Length)));
                return (data, $"random bytes from {at}");
        }
    }

    private static byte[] Payload(string kind)
    {
        var random = new Random(kind.Length * 7919);
        switch (kind)
        {
            case "one-byte":
                return [42];
            case "random":
                var r = new byte[70_000];
                random.NextBytes(r);
                return r;
            case "text":
                return System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i % 97} of the quick brown fox {i * i % 13}\n")));
            case "runs":
                return Enumerable.Range(0, 200_000).Select(i => (byte)(i / 1000 % 3)).ToArray();
            case "gradient":
                return Enumerable.Range(0, 131_072).Select(i => (byte)((i % 512 + i / 512) / 3 + random.Next(3))).ToArray();
            default:
                var m = new byte[150_000];
                random.NextBytes(m);
                for (int i = 0; i < m.Length; i += 997)
                {
                    m.AsSpan(i, Math.Min(400, m.Length - i)).Fill((byte)i);
                }

                return m;
        }
    }
}

using System.IO.Compression;
using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Compression.Deflate;

namespace SegmentS2.Tests.GeoTiff.Compression;

/// <summary>The managed inflater against System.IO.Compression (zlib-ng), an independent implementation.</summary>
public class ZlibInflaterTests
{
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
        byte[] compressed = Compress(original, level);
        var output = new byte[original.Length + 300];

        int written = new ZlibInflater().Inflate(compressed, output, () => new GeoTiffFormatException("overflow"));

        Assert.Equal(original.Length, written);
        Assert.True(original.AsSpan().SequenceEqual(output.AsSpan(0, written)));
    }

    [Fact]
    public void Output_exactly_filling_the_buffer_is_accepted_and_one_byte_less_overflows()
    {
        byte[] original = Payload("mixed");
        byte[] compressed = Compress(original, CompressionLevel.Optimal);
        var inflater = new ZlibInflater();

        Assert.Equal(original.Length, inflater.Inflate(compressed, new byte[original.Length], () => new GeoTiffFormatException("overflow")));
        var ex = Assert.Throws<GeoTiffFormatException>(() => inflater.Inflate(compressed, new byte[original.Length - 1], () => new GeoTiffFormatException("overflow")));
        Assert.Equal("overflow", ex.Message);
    }

    [Fact]
    public void A_wrong_checksum_is_detected()
    {
        byte[] compressed = Compress(Payload("text"), CompressionLevel.Optimal);
        compressed[^1] ^= 1;
        var ex = Assert.Throws<GeoTiffFormatException>(() => new ZlibInflater().Inflate(compressed, new byte[1 << 20], () => new GeoTiffFormatException("overflow")));
        Assert.Contains("Adler-32", ex.Message);
    }

    [Fact]
    public void Adler32_equals_the_definition()
    {
        var random = new Random(5);
        foreach (int length in (int[])[0, 1, 31, 32, 63, 64, 65, 5551, 5552, 5553, 100_000, 1 << 20])
        {
            var data = new byte[length];
            random.NextBytes(data);
            if (length > 1000)
            {
                data.AsSpan(0, 1000).Fill(0xFF); // worst case for the sums
            }

            uint a = 1, b = 0;
            foreach (byte x in data)
            {
                a = (a + x) % 65521;
                b = (b + a) % 65521;
            }

            Assert.Equal((b << 16) | a, Adler32.Compute(data));
        }
    }

    [Fact]
    public void Mutated_streams_decode_like_system_io_compression_or_fail_typed()
    {
        var random = new Random(77);
        var inflater = new ZlibInflater();
        (byte[] Original, byte[] Compressed)[] seeds = ((string[])["random", "text", "runs", "gradient", "mixed"])
            .SelectMany(kind => ((CompressionLevel[])[CompressionLevel.Fastest, CompressionLevel.Optimal]).Select(level => (Payload(kind)[..20_000], level)))
            .Select(p => (p.Item1, Compress(p.Item1, p.level)))
            .ToArray();
        int agreed = 0, bothFailed = 0;
        for (int i = 0; i < 3000; i++)
        {
            (byte[] original, byte[] seed) = seeds[i % seeds.Length];
            byte[] data = (byte[])seed.Clone();
            for (int m = random.Next(1, 4); m > 0; m--)
            {
                data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
            }

            byte[]? reference = ReferenceInflate(data, original.Length + 1024);
            var output = new byte[original.Length + 1024];
            int written = -1;
            try
            {
                written = inflater.Inflate(data, output, () => new GeoTiffFormatException("overflow"));
            }
            catch (GeoTiffFormatException)
            {
            }

            if (written >= 0)
            {
                // Whatever we accept, zlib accepts identically (it checks the same Adler-32).
                Assert.NotNull(reference);
                Assert.True(reference.AsSpan().SequenceEqual(output.AsSpan(0, written)), $"mutation {i}: output differs from zlib's");
                agreed++;
            }
            else
            {
                bothFailed += reference is null ? 1 : 0;
            }
        }

        Assert.True(agreed + bothFailed > 2900, $"agreed {agreed}, both failed {bothFailed} of 3000");
    }

    /// <summary>zlib's result, or null when zlib reports an error or a stream that does not end cleanly.</summary>
    private static byte[]? ReferenceInflate(byte[] data, int max)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
            var output = new MemoryStream();
            var buffer = new byte[4096];
            int n;
            while ((n = zlib.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > max)
                {
                    return null;
                }
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
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

    private static byte[] Compress(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}

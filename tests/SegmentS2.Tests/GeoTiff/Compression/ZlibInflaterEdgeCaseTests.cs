using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Compression.Deflate;
using static SegmentS2.Tests.GeoTiff.Compression.ZlibReference;

namespace SegmentS2.Tests.GeoTiff.Compression;

/// <summary>
/// Hand-crafted Deflate streams for each corner of RFC 1950/1951 an attacker can reach: every verdict
/// is checked against zlib as well, and every decode runs inside guard bytes (<see cref="GuardedInflate"/>).
/// </summary>
public class ZlibInflaterEdgeCaseTests
{
    private const int Capacity = 1 << 16;

    [Theory]
    [InlineData(0x78, 0x80, false, null)] // the usual header (FLEVEL 2), for contrast
    [InlineData(0x08, 0x00, false, null)] // a 256-byte window
    [InlineData(0x77, 0x80, false, "invalid zlib header")] // CM 7
    [InlineData(0x79, 0x80, false, "invalid zlib header")] // CM 9
    [InlineData(0x88, 0x80, false, "invalid zlib header")] // CINFO 8: a 64 KiB window
    [InlineData(0x78, 0xA0, false, "invalid zlib header")] // FDICT: a preset dictionary we do not have
    [InlineData(0x78, 0x80, true, "invalid zlib header")] // FCHECK wrong
    public void Zlib_headers_are_checked_as_zlib_checks_them(int cmf, int flags, bool breakCheck, string? error)
    {
        int flg = flags | (31 - (((cmf << 8) | flags) % 31));
        flg ^= breakCheck ? 1 : 0;
        byte[] text = "header"u8.ToArray();
        var w = new DeflateBitWriter().BlockHeader(true, 1);
        foreach (byte b in text)
        {
            w.FixedLitLen(b);
        }

        byte[] stream = DeflateBitWriter.Zlib(w.FixedLitLen(256).AlignToByte().ToArray(), text, (byte)cmf, (byte)flg);
        if (error is null)
        {
            AssertBothDecode(stream, text);
        }
        else
        {
            AssertBothReject(stream, error);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Input_too_short_for_a_block_is_rejected(int length)
    {
        byte[] stream = new byte[] { 0x78, 0x9C, 0x03, 0x00 }[..length]; // an empty fixed block, cut short before its checksum
        AssertBothReject(stream, "DEFLATE data is corrupt");
    }

    [Fact]
    public void Block_type_3_is_rejected()
    {
        byte[] stream = Zlib(new DeflateBitWriter().BlockHeader(true, 3).Bits(0, 16), []);
        AssertBothReject(stream, "block type 3");
    }

    [Theory]
    [InlineData(286)]
    [InlineData(287)]
    public void Literal_length_codes_286_and_287_are_rejected(int symbol)
    {
        var w = new DeflateBitWriter().BlockHeader(true, 1).FixedLitLen('A').FixedLitLen(symbol).FixedDistance(0).FixedLitLen(256);
        AssertBothReject(Zlib(w, "AA"u8.ToArray()), "invalid literal/length code after 1 decoded bytes");
    }

    [Theory]
    [InlineData(30)]
    [InlineData(31)]
    public void Distance_codes_30_and_31_are_rejected(int symbol)
    {
        var w = new DeflateBitWriter().BlockHeader(true, 1).FixedLitLen('A').FixedLitLen(257).FixedDistance(symbol).FixedLitLen(256);
        AssertBothReject(Zlib(w, "AAAA"u8.ToArray()), "invalid distance code after 1 decoded bytes");
    }

    [Theory]
    [InlineData(286, 30, null)] // the most RFC 1951 allows
    [InlineData(287, 30, "287 literal/length and 30 distance")]
    [InlineData(288, 30, "288 literal/length and 30 distance")]
    [InlineData(286, 31, "286 literal/length and 31 distance")]
    [InlineData(286, 32, "286 literal/length and 32 distance")]
    public void Dynamic_blocks_may_declare_at_most_286_literal_length_and_30_distance_codes(int litLenCount, int distCount, string? error)
    {
        // 'A' and end-of-block one bit each; one one-bit distance code; the codes beyond the limits have no length.
        var litLen = new byte[litLenCount];
        litLen['A'] = litLen[256] = 1;
        var dist = new byte[distCount];
        dist[0] = 1;
        (int, int)[] codes = DeflateBitWriter.CanonicalCodes(litLen);
        var w = new DeflateBitWriter().BlockHeader(true, 2).DynamicHeader(litLenCount, distCount, DeflateBitWriter.PlainLengths(litLen, dist));
        w.Symbol(codes, 'A').Symbol(codes, 'A').Symbol(codes, 256);
        byte[] stream = Zlib(w, "AA"u8.ToArray());
        if (error is null)
        {
            AssertBothDecode(stream, "AA"u8.ToArray());
        }
        else
        {
            AssertBothReject(stream, error);
        }
    }

    [Fact]
    public void A_repeat_of_the_previous_code_length_with_none_before_it_is_rejected()
    {
        // Code-length symbol 16 first; the remaining lengths are sound.
        List<(int, int)> ops = [(16, 0), .. DeflateBitWriter.PlainLengths(LiteralZeroAndEnd(), [0]).Skip(3)];
        var w = new DeflateBitWriter().BlockHeader(true, 2).DynamicHeader(257, 1, ops).Bits(0, 16);
        AssertBothReject(Zlib(w, [0]), "a length repeat has no previous length");
    }

    [Theory]
    [InlineData(16, 4, 0, null)] // distance lengths: a 0, then 16 repeats it 3 times: 4 in all
    [InlineData(16, 4, 1, "code lengths run past the declared codes")]
    [InlineData(17, 3, 0, null)] // 17: 3 zeros into 3 distance lengths
    [InlineData(17, 3, 1, "code lengths run past the declared codes")]
    [InlineData(18, 11, 0, null)] // 18: 11 zeros into 11 distance lengths
    [InlineData(18, 11, 1, "code lengths run past the declared codes")]
    [InlineData(18, 30, 127, "code lengths run past the declared codes")] // 138 zeros into 30
    public void A_repeat_running_past_the_declared_code_lengths_is_rejected(int repeatSymbol, int distCount, int extra, string? error)
    {
        // Literal 0 and end-of-block one bit each: 1, 255 zeros (by two 18s), 1, then the distance lengths.
        List<(int, int)> ops = [(1, 0), (18, 127), (18, 106), (1, 0)];
        if (repeatSymbol == 16)
        {
            ops.Add((0, 0)); // the length 16 repeats
        }

        ops.Add((repeatSymbol, extra));
        (int, int)[] codes = DeflateBitWriter.CanonicalCodes(LiteralZeroAndEnd());
        var w = new DeflateBitWriter().BlockHeader(true, 2).DynamicHeader(257, distCount, ops);
        w.Symbol(codes, 0).Symbol(codes, 256);
        byte[] stream = Zlib(w, [0]);
        if (error is null)
        {
            AssertBothDecode(stream, [0]);
        }
        else
        {
            AssertBothReject(stream, error);
        }
    }

    [Fact]
    public void A_repeat_may_run_from_the_literal_length_lengths_into_the_distance_lengths()
    {
        // Literal/length: 0 -> 1 bit, 256 and 257 (length 3) -> 2 bits, 258 and 259 none. Distance: 0 and 1
        // none, 2 (distance 3) one bit. The zeros of 258, 259, distance 0 and 1 are one 17 (4 zeros).
        var litLen = new byte[260];
        litLen[0] = 1;
        litLen[256] = litLen[257] = 2;
        byte[] dist = [0, 0, 1];
        List<(int, int)> ops = [(1, 0), (18, 127), (18, 106), (2, 0), (2, 0), (17, 1), (1, 0)];
        (int, int)[] litCodes = DeflateBitWriter.CanonicalCodes(litLen);
        (int, int)[] distCodes = DeflateBitWriter.CanonicalCodes(dist);
        var w = new DeflateBitWriter().BlockHeader(true, 2).DynamicHeader(260, 3, ops);
        w.Symbol(litCodes, 0).Symbol(litCodes, 0).Symbol(litCodes, 0).Symbol(litCodes, 257).Symbol(distCodes, 2).Symbol(litCodes, 256);
        AssertBothDecode(Zlib(w, new byte[6]), new byte[6]);
    }

    [Theory]
    [InlineData("literal/length")]
    [InlineData("distance")]
    [InlineData("code-length")]
    public void Over_subscribed_codes_are_rejected(string which)
    {
        var litLen = new byte[257];
        litLen[0] = litLen[256] = 1;
        byte[] dist = [1, 0, 0];
        byte[]? precode = null;
        string error = "invalid literal/length or distance code";
        switch (which)
        {
            case "literal/length":
                litLen[1] = 1; // three one-bit codes
                break;
            case "distance":
                dist = [1, 1, 1];
                break;
            default:
                precode = new byte[19];
                precode[0] = precode[1] = precode[18] = 1;
                error = "invalid code-length code";
                break;
        }

        List<(int, int)> ops = DeflateBitWriter.PlainLengths(litLen, dist);
        var w = new DeflateBitWriter().BlockHeader(true, 2).DynamicHeader(257, 3, ops, precode).Bits(0, 32);
        AssertBothReject(Zlib(w, [0]), error);
    }

    [Theory]
    [InlineData("end-of-block alone, one bit", true)]
    [InlineData("end-of-block alone, two bits", false)]
    [InlineData("literal/length code with a gap", false)]
    [InlineData("one one-bit distance code", true)]
    [InlineData("one one-bit distance code, other codeword used", false)]
    [InlineData("distance code with a gap", false)]
    [InlineData("no distance codes, literals only", true)]
    [InlineData("no distance codes, a length code used", false)]
    [InlineData("code-length code with a gap", false)]
    public void Incomplete_codes_are_rejected_except_a_lone_one_bit_code(string layout, bool valid)
    {
        // Default: literal 'A' one bit, end-of-block and length 3 two bits; distances 0 (1) and 1 (2) one bit each.
        var litLen = new byte[258];
        litLen['A'] = 1;
        litLen[256] = litLen[257] = 2;
        var dist = new byte[2] { 1, 1 };
        byte[]? precode = null;
        byte[] expected = "AAAA"u8.ToArray();
        string error = "invalid literal/length or distance code";
        Action<DeflateBitWriter, (int Code, int Length)[], (int Code, int Length)[]> body = (w, l, d) =>
            w.Symbol(l, 'A').Symbol(l, 257).Symbol(d, 0).Symbol(l, 256);

        switch (layout)
        {
            case "end-of-block alone, one bit":
            case "end-of-block alone, two bits":
                litLen = new byte[257];
                litLen[256] = (byte)(layout.EndsWith("one bit", StringComparison.Ordinal) ? 1 : 2);
                expected = [];
                body = (w, l, _) => w.Symbol(l, 256);
                break;
            case "literal/length code with a gap":
                litLen[257] = 0;
                body = (w, l, _) => w.Symbol(l, 'A').Symbol(l, 256);
                expected = "A"u8.ToArray();
                break;
            case "one one-bit distance code":
                dist = [1, 0];
                break;
            case "one one-bit distance code, other codeword used":
                dist = [1, 0];
                body = (w, l, _) => w.Symbol(l, 'A').Symbol(l, 257).Code(1, 1).Symbol(l, 256);
                error = "invalid distance code after 1 decoded bytes";
                break;
            case "distance code with a gap":
                dist = [1, 2];
                break;
            case "no distance codes, literals only":
                dist = [0, 0];
                body = (w, l, _) => w.Symbol(l, 'A').Symbol(l, 'A').Symbol(l, 'A').Symbol(l, 'A').Symbol(l, 256);
                break;
            case "no distance codes, a length code used":
                dist = [0, 0];
                body = (w, l, _) => w.Symbol(l, 'A').Symbol(l, 257).Bits(0, 8).Symbol(l, 256);
                error = "invalid distance code after 1 decoded bytes";
                break;
            default:
                precode = new byte[19];
                precode[0] = 1;
                precode[1] = precode[2] = 3; // 1/2 + 2/8: three quarters
                error = "invalid code-length code";
                break;
        }

        var writer = new DeflateBitWriter().BlockHeader(true, 2).DynamicHeader(litLen.Length, dist.Length, DeflateBitWriter.PlainLengths(litLen, dist), precode);
        if (precode is null)
        {
            body(writer, DeflateBitWriter.CanonicalCodes(litLen), DeflateBitWriter.CanonicalCodes(dist));
        }

        // Corrupt streams get padding, so that running out of input cannot be why they fail.
        byte[] stream = Zlib(valid ? writer : writer.Bits(0, 16), expected);
        if (valid)
        {
            AssertBothDecode(stream, expected);
        }
        else
        {
            AssertBothReject(stream, error);
        }
    }

    [Fact]
    public void A_dynamic_block_without_an_end_of_block_code_is_rejected()
    {
        var litLen = new byte[257];
        litLen['A'] = litLen['B'] = 1;
        var w = new DeflateBitWriter().BlockHeader(true, 2).DynamicHeader(257, 1, DeflateBitWriter.PlainLengths(litLen, [0])).Bits(0, 32);
        AssertBothReject(Zlib(w, "AB"u8.ToArray()), "no end-of-block code");
    }

    [Fact]
    public void Fifteen_bit_codes_on_both_trees_decode_through_the_subtables()
    {
        // Literal/length: end-of-block 1 bit, then one code each of 2..9 bits, then 64 codes of 15 bits
        // (literals 0-49 and 14 length codes). Distance: codes 0..12 of 1..13 bits, 13 of 14, 28 and 29 of 15.
        var litLen = new byte[286];
        litLen[256] = 1;
        int[] medium = [120, 285, 121, 284, 122, 260, 123, 258];
        for (int i = 0; i < medium.Length; i++)
        {
            litLen[medium[i]] = (byte)(i + 2);
        }

        int[] longest = [.. Enumerable.Range(0, 50), 257, 259, .. Enumerable.Range(261, 12)];
        foreach (int s in longest)
        {
            litLen[s] = 15;
        }

        var dist = new byte[30];
        for (int s = 0; s < 14; s++)
        {
            dist[s] = (byte)(s + 1);
        }

        dist[28] = dist[29] = 15;
        (int, int)[] l = DeflateBitWriter.CanonicalCodes(litLen);
        (int, int)[] d = DeflateBitWriter.CanonicalCodes(dist);
        var w = new DeflateBitWriter().BlockHeader(true, 2).DynamicHeader(286, 30, DeflateBitWriter.PlainLengths(litLen, dist));
        var expected = new List<byte>();

        void Literal(int s)
        {
            w.Symbol(l, s);
            expected.Add((byte)s);
        }

        void Match(int lengthSymbol, int length, int lengthExtraBits, int distSymbol, int distance, int distExtraBits, int distBase)
        {
            int[] lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
            w.Symbol(l, lengthSymbol).Bits(length - lengthBase[lengthSymbol - 257], lengthExtraBits);
            w.Symbol(d, distSymbol).Bits(distance - distBase, distExtraBits);
            for (int k = 0; k < length; k++)
            {
                expected.Add(expected[^distance]);
            }
        }

        for (int s = 0; s < 50; s++)
        {
            Literal(s); // each a 15-bit code
        }

        Literal(120);
        Match(257, 3, 0, 0, 1, 0, 1);          // 15-bit length code, 1-bit distance code
        Match(272, 33, 2, 10, 40, 4, 33);      // 15-bit length code (31 + 2 extra bits), 11-bit distance code (33 + 4 extra bits)
        for (int i = 0; expected.Count < 33_000; i++)
        {
            if (i % 2 == 0)
            {
                Match(285, 258, 0, 5, 7, 1, 7);    // 3-bit length 258, 6-bit distance 7
            }
            else
            {
                Match(284, 250, 5, 6, 10, 2, 9);   // 5-bit length 227 + 23, 7-bit distance 9 + 1
            }
        }

        Match(284, 258, 5, 29, 32_768, 13, 24_577); // 258 as 284 + 31 and the farthest distance, a 15-bit code
        Match(268, 18, 1, 28, 20_000, 13, 16_385);  // 15-bit codes on both trees
        Literal(49);
        w.Symbol(l, 256);
        byte[] want = [.. expected];
        AssertBothDecode(Zlib(w, want), want);
    }

    [Fact]
    public void A_stored_block_length_must_be_the_complement_of_its_nlen()
    {
        byte[] data = "stored"u8.ToArray();
        AssertBothDecode(Zlib(new DeflateBitWriter().StoredBlock(true, data), data), data);
        AssertBothReject(Zlib(new DeflateBitWriter().StoredBlock(true, data, nlen: 6), data), "does not match its complement");
        AssertBothReject(Zlib(new DeflateBitWriter().StoredBlock(true, data, nlen: 0xFFFF ^ 7), data), "does not match its complement");
    }

    [Fact]
    public void Empty_and_full_size_stored_blocks_are_accepted()
    {
        var data = new byte[65_535];
        new Random(3).NextBytes(data);
        var w = new DeflateBitWriter().StoredBlock(false, []).StoredBlock(false, data).BlockHeader(false, 1).FixedLitLen(256).StoredBlock(false, []).StoredBlock(true, []);
        AssertBothDecode(Zlib(w, data), data);
    }

    [Fact]
    public void A_stored_block_running_past_the_input_is_rejected()
    {
        byte[] data = new byte[100];
        byte[] stream = Zlib(new DeflateBitWriter().StoredBlock(true, data), data);
        byte[] cut = stream[..^10]; // six bytes short: five of the data and the checksum
        Assert.NotEqual(Verdict.Decoded, Inflate(cut, Capacity).Verdict);
        Assert.Contains("stored block is truncated", GuardedInflate.Reject(cut, Capacity).Message);
    }

    [Fact]
    public void A_match_reaching_before_the_first_byte_is_rejected()
    {
        // Three literals, then a match of 3 at distance 3 (accepted) or 4 (one byte too far).
        foreach ((int distSymbol, bool valid) in ((int, bool)[])[(2, true), (3, false)])
        {
            var w = new DeflateBitWriter().BlockHeader(true, 1).FixedLitLen('a').FixedLitLen('b').FixedLitLen('c').FixedLitLen(257).FixedDistance(distSymbol).FixedLitLen(256);
            byte[] stream = Zlib(w, "abcabc"u8.ToArray());
            if (valid)
            {
                AssertBothDecode(stream, "abcabc"u8.ToArray());
            }
            else
            {
                AssertBothReject(stream, "a match reaches 4 bytes back with only 3 decoded");
            }
        }
    }

    [Fact]
    public void Matches_reach_back_into_earlier_blocks_up_to_32768_bytes()
    {
        var data = new byte[32_768];
        new Random(9).NextBytes(data);

        // 32768 stored bytes, then a fixed block: 258 bytes from 32768 back (length 284 + 31, distance 29 + 8191), then 3 more from 32768 back.
        var w = new DeflateBitWriter().StoredBlock(false, data).BlockHeader(true, 1)
            .FixedLitLen(284).Bits(31, 5).FixedDistance(29).Bits(8191, 13)
            .FixedLitLen(257).FixedDistance(29).Bits(8191, 13)
            .FixedLitLen(256);
        byte[] expected = [.. data, .. data[..258], .. data[258..261]];
        AssertBothDecode(Zlib(w, expected), expected);
    }

    [Fact]
    public void An_empty_stream_decodes_to_nothing_even_into_an_empty_destination()
    {
        byte[] fixedEmpty = Zlib(new DeflateBitWriter().BlockHeader(true, 1).FixedLitLen(256), []);
        byte[] storedEmpty = Zlib(new DeflateBitWriter().StoredBlock(true, []), []);
        foreach (byte[] stream in (byte[][])[fixedEmpty, storedEmpty])
        {
            Assert.Equal(Verdict.Decoded, Inflate(stream, 0).Verdict);
            Assert.Empty(GuardedInflate.Decode(stream, 0));
        }

        // One byte into none: the overflow error, not a write.
        byte[] one = Zlib(new DeflateBitWriter().BlockHeader(true, 1).FixedLitLen('x').FixedLitLen(256), "x"u8.ToArray());
        Assert.Equal(GuardedInflate.OverflowMessage, GuardedInflate.Reject(one, 0).Message);
    }

    public static TheoryData<string> OverflowShapes() => ["runs of distance 1", "distance 3", "distance 8 and more", "one-bit literals", "stored", "mixed"];

    [Theory]
    [MemberData(nameof(OverflowShapes))]
    public void Output_past_the_destination_throws_the_overflow_error_at_every_capacity_and_writes_nothing_outside(string shape)
    {
        (byte[] stream, byte[] expected) = OverflowStream(shape);
        Assert.Equal(expected, Inflate(stream, expected.Length).Output);
        var inflater = new ZlibInflater();
        for (int capacity = 0; capacity <= expected.Length + 300; capacity++)
        {
            (int written, byte[] output, Exception? error) = GuardedInflate.Run(inflater, stream, capacity, capacity);
            if (capacity < expected.Length)
            {
                Assert.Equal(GuardedInflate.OverflowMessage, Assert.IsType<GeoTiffFormatException>(error).Message);
            }
            else
            {
                Assert.Null(error);
                Assert.Equal(expected.Length, written);
                Assert.True(expected.AsSpan().SequenceEqual(output.AsSpan(0, written)), $"capacity {capacity}");
            }
        }
    }

    [Fact]
    public void Every_truncation_of_a_valid_stream_is_rejected()
    {
        var random = new Random(41);
        var inflater = new ZlibInflater();
        (byte[] Zlib, byte[] Decoded)[] streams =
        [
            (Compress([.. Enumerable.Range(0, 3000).Select(i => (byte)(i * i % 251))], System.IO.Compression.CompressionLevel.Optimal), new byte[3000]),
            (Zlib(new DeflateBitWriter().StoredBlock(false, new byte[300]).StoredBlock(true, new byte[10]), new byte[310]), new byte[310]),
            .. Enumerable.Range(0, 1000).Select(_ => RandomDeflateStream.Generate(random, 200)).Where(s => s.Zlib.Length < 1500 && s.Decoded.Length < 10_000).Take(6),
        ];
        Assert.Equal(8, streams.Length);
        foreach ((byte[] stream, byte[] decoded) in streams)
        {
            int capacity = decoded.Length + 300;
            Assert.Null(GuardedInflate.Run(inflater, stream, capacity, 0).Error);
            for (int length = 0; length < stream.Length; length++)
            {
                (_, _, Exception? error) = GuardedInflate.Run(inflater, stream[..length], capacity, length);
                Assert.True(error is GeoTiffFormatException, $"a {stream.Length}-byte stream cut to {length} bytes was accepted");
            }
        }
    }

    private static (byte[] Stream, byte[] Expected) OverflowStream(string shape)
    {
        var w = new DeflateBitWriter();
        var expected = new List<byte>();
        switch (shape)
        {
            case "runs of distance 1":
                w.BlockHeader(true, 1).FixedLitLen(7);
                expected.Add(7);
                for (int i = 0; i < 8; i++)
                {
                    w.FixedLitLen(285).FixedDistance(0);
                    expected.AddRange(Enumerable.Repeat((byte)7, 258));
                }

                w.FixedLitLen(256);
                break;
            case "distance 3":
                w.BlockHeader(true, 1).FixedLitLen(1).FixedLitLen(2).FixedLitLen(3);
                expected.AddRange([1, 2, 3]);
                for (int i = 0; i < 700; i++)
                {
                    w.FixedLitLen(257 + (i % 8)).FixedDistance(2); // lengths 3..10 at distance 3: 1, 2, 3 repeating
                    for (int k = 0; k < 3 + (i % 8); k++)
                    {
                        expected.Add((byte)((expected.Count % 3) + 1));
                    }
                }

                w.FixedLitLen(256);
                break;
            case "distance 8 and more":
                w.BlockHeader(true, 1);
                for (int i = 0; i < 40; i++)
                {
                    w.FixedLitLen(i + 100);
                    expected.Add((byte)(i + 100));
                }

                for (int i = 0; i < 30; i++)
                {
                    // Length 131..162 (code 281, 5 extra bits), distance 9..12 (code 6, 2 extra bits) or 33..48 (code 10, 4 extra bits).
                    int length = 131 + (i % 32), distance = i % 2 == 0 ? 9 + (i % 4) : 33 + (i % 16);
                    w.FixedLitLen(281).Bits(length - 131, 5);
                    if (distance < 13)
                    {
                        w.FixedDistance(6).Bits(distance - 9, 2);
                    }
                    else
                    {
                        w.FixedDistance(10).Bits(distance - 33, 4);
                    }

                    for (int k = 0; k < length; k++)
                    {
                        expected.Add(expected[^distance]);
                    }
                }

                w.FixedLitLen(256);
                break;
            case "one-bit literals":
                // 'z' and end-of-block one bit each: the fast path's literal loop writes dozens per refill.
                var litLen = new byte[257];
                litLen['z'] = litLen[256] = 1;
                (int, int)[] codes = DeflateBitWriter.CanonicalCodes(litLen);
                w.BlockHeader(true, 2).DynamicHeader(257, 1, DeflateBitWriter.PlainLengths(litLen, [0]));
                for (int i = 0; i < 2000; i++)
                {
                    w.Symbol(codes, 'z');
                }

                w.Symbol(codes, 256);
                expected.AddRange(Enumerable.Repeat((byte)'z', 2000));
                break;
            case "stored":
                var data = new byte[700];
                new Random(2).NextBytes(data);
                w.StoredBlock(false, data).StoredBlock(false, data.AsSpan(0, 300)).StoredBlock(true, data);
                expected.AddRange([.. data, .. data[..300], .. data]);
                break;
            default:
                var random = new Random(8);
                while (true)
                {
                    (byte[] z, byte[] decoded) = RandomDeflateStream.Generate(random, 1500);
                    if (decoded.Length < 5000)
                    {
                        return (z, decoded);
                    }
                }
        }

        byte[] result = [.. expected];
        return (Zlib(w, result), result);
    }

    private static byte[] LiteralZeroAndEnd()
    {
        var litLen = new byte[257];
        litLen[0] = litLen[256] = 1;
        return litLen;
    }

    private static byte[] Zlib(DeflateBitWriter writer, byte[] decoded) => DeflateBitWriter.Zlib(writer.AlignToByte().ToArray(), decoded);

    private static void AssertBothDecode(byte[] stream, byte[] expected)
    {
        (Verdict verdict, byte[]? output) = Inflate(stream, Capacity);
        Assert.Equal(Verdict.Decoded, verdict);
        Assert.Equal(expected, output);
        Assert.Equal(expected, GuardedInflate.Decode(stream, expected.Length));
    }

    private static void AssertBothReject(byte[] stream, string error)
    {
        Assert.Equal(Verdict.Rejected, Inflate(stream, Capacity).Verdict);
        GeoTiffFormatException ex = GuardedInflate.Reject(stream, Capacity);
        Assert.Contains(error, ex.Message);
    }
}

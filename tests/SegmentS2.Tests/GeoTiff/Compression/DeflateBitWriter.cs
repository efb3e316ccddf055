namespace SegmentS2.Tests.GeoTiff.Compression;

/// <summary>
/// Writes raw Deflate (RFC 1951) bit by bit, so tests can hand-craft streams no encoder would
/// produce: LSB-first fields, MSB-first Huffman codes, canonical codes from code lengths.
/// </summary>
internal sealed class DeflateBitWriter
{
    /// <summary>The order in which the code-length code's lengths are stored.</summary>
    public static readonly int[] PrecodeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    private readonly List<byte> _bytes = [];
    private ulong _pending;
    private int _pendingBits;

    /// <summary>Bits written so far.</summary>
    public long BitLength => (_bytes.Count * 8L) + _pendingBits;

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/>, least significant first.</summary>
    public DeflateBitWriter Bits(int value, int count)
    {
        for (int i = 0; i < count; i++)
        {
            _pending |= (ulong)((value >> i) & 1) << _pendingBits;
            if (++_pendingBits == 8)
            {
                _bytes.Add((byte)_pending);
                _pending = 0;
                _pendingBits = 0;
            }
        }

        return this;
    }

    /// <summary>Writes a Huffman codeword, most significant bit first.</summary>
    public DeflateBitWriter Code(int code, int length)
    {
        for (int i = length - 1; i >= 0; i--)
        {
            Bits((code >> i) & 1, 1);
        }

        return this;
    }

    /// <summary>Writes symbol <paramref name="symbol"/> of the canonical code <paramref name="codes"/> built by <see cref="CanonicalCodes"/>.</summary>
    public DeflateBitWriter Symbol((int Code, int Length)[] codes, int symbol)
    {
        if (codes[symbol].Length == 0)
        {
            throw new ArgumentException($"symbol {symbol} has no code", nameof(symbol));
        }

        return Code(codes[symbol].Code, codes[symbol].Length);
    }

    /// <summary>A block header: BFINAL and BTYPE.</summary>
    public DeflateBitWriter BlockHeader(bool final, int type) => Bits(final ? 1 : 0, 1).Bits(type, 2);

    /// <summary>Pads with zero bits to the next byte boundary.</summary>
    public DeflateBitWriter AlignToByte()
    {
        while (_pendingBits != 0)
        {
            Bits(0, 1);
        }

        return this;
    }

    /// <summary>Writes whole bytes (the writer must be byte-aligned).</summary>
    public DeflateBitWriter Bytes(ReadOnlySpan<byte> data)
    {
        if (_pendingBits != 0)
        {
            throw new InvalidOperationException("not byte-aligned");
        }

        foreach (byte b in data)
        {
            _bytes.Add(b);
        }

        return this;
    }

    /// <summary>A stored block: header, alignment, LEN, NLEN (the complement of LEN unless given), data.</summary>
    public DeflateBitWriter StoredBlock(bool final, ReadOnlySpan<byte> data, int? nlen = null)
    {
        BlockHeader(final, 0).AlignToByte();
        int len = data.Length;
        return Bits(len, 16).Bits(nlen ?? (len ^ 0xFFFF), 16).Bytes(data);
    }

    /// <summary>
    /// A dynamic block's header after BTYPE: HLIT, HDIST, HCLEN, the code-length code and the code lengths
    /// as <paramref name="lengthOps"/> (symbols 0-15, or 16/17/18 with their extra-bit values). Without
    /// <paramref name="precodeLengths"/>, a balanced complete code over the symbols used.
    /// </summary>
    public DeflateBitWriter DynamicHeader(int litLenCount, int distCount, IReadOnlyList<(int Symbol, int Extra)> lengthOps, byte[]? precodeLengths = null, int? precodeCount = null)
    {
        if (precodeLengths is null)
        {
            List<int> used = [.. lengthOps.Select(o => o.Symbol).Distinct().Order()];
            if (used.Count == 1)
            {
                used.Add(used[0] == 0 ? 1 : 0); // a complete code needs two symbols
            }

            precodeLengths = new byte[19];
            int depth = 1;
            while ((1 << depth) < used.Count)
            {
                depth++;
            }

            int shallow = (1 << depth) - used.Count; // leaves merged one level up
            for (int i = 0; i < used.Count; i++)
            {
                precodeLengths[used[i]] = (byte)(i < shallow ? depth - 1 : depth);
            }
        }

        int count = precodeCount ?? 19;
        while (precodeCount is null && count > 4 && precodeLengths[PrecodeOrder[count - 1]] == 0)
        {
            count--;
        }

        Bits(litLenCount - 257, 5).Bits(distCount - 1, 5).Bits(count - 4, 4);
        for (int i = 0; i < count; i++)
        {
            Bits(precodeLengths[PrecodeOrder[i]], 3);
        }

        (int, int)[] precode = CanonicalCodes(precodeLengths);
        foreach ((int symbol, int extra) in lengthOps)
        {
            Symbol(precode, symbol).Bits(extra, symbol switch { 16 => 2, 17 => 3, 18 => 7, _ => 0 });
        }

        return this;
    }

    /// <summary>Code lengths as plain code-length symbols, no repeats.</summary>
    public static List<(int Symbol, int Extra)> PlainLengths(params byte[][] lengths) => [.. lengths.SelectMany(l => l).Select(l => ((int)l, 0))];

    /// <summary>A fixed-code literal/length symbol (RFC 1951 3.2.6).</summary>
    public DeflateBitWriter FixedLitLen(int symbol) => symbol switch
    {
        < 144 => Code(0x30 + symbol, 8),
        < 256 => Code(0x190 + symbol - 144, 9),
        < 280 => Code(symbol - 256, 7),
        _ => Code(0xC0 + symbol - 280, 8),
    };

    /// <summary>A fixed-code distance symbol: five bits.</summary>
    public DeflateBitWriter FixedDistance(int symbol) => Code(symbol, 5);

    /// <summary>The bytes written, the last one zero-padded.</summary>
    public byte[] ToArray() => _pendingBits == 0 ? [.. _bytes] : [.. _bytes, (byte)_pending];

    /// <summary>
    /// Canonical Huffman codes for <paramref name="lengths"/> (RFC 1951 3.2.2); zero-length symbols get (0, 0).
    /// Works for over-subscribed or incomplete length sets too (codes then overflow their length or leave gaps).
    /// </summary>
    public static (int Code, int Length)[] CanonicalCodes(ReadOnlySpan<byte> lengths)
    {
        var count = new int[16];
        foreach (byte l in lengths)
        {
            count[l]++;
        }

        count[0] = 0;
        var next = new int[16];
        int code = 0;
        for (int bits = 1; bits < 16; bits++)
        {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }

        var codes = new (int, int)[lengths.Length];
        for (int s = 0; s < lengths.Length; s++)
        {
            if (lengths[s] != 0)
            {
                codes[s] = (next[lengths[s]]++, lengths[s]);
            }
        }

        return codes;
    }

    /// <summary>Wraps raw Deflate in a zlib stream: header, data, big-endian Adler-32 of <paramref name="decoded"/>.</summary>
    public static byte[] Zlib(ReadOnlySpan<byte> deflate, ReadOnlySpan<byte> decoded, byte cmf = 0x78, byte flg = 0x9C)
    {
        uint adler = ZlibReference.Adler32ByDefinition(decoded);
        return [cmf, flg, .. deflate, (byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler];
    }
}

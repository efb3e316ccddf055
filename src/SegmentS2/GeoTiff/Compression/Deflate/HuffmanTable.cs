namespace SegmentS2.GeoTiff.Compression.Deflate;

/// <summary>
/// Builds canonical-Huffman decode tables for <see cref="ZlibInflater"/>: a primary table indexed by
/// the next <c>primaryBits</c> input bits, with subtables for longer codewords.
/// </summary>
/// <remarks>
/// An entry is a <see cref="uint"/>: bits 0-7 the bits to consume, bits 8-11 the extra bits to read
/// (or a subtable's index bits), bits 12-15 flags, bits 16-31 the value (literal, base length, base
/// distance, or subtable start). Unused slots hold <see cref="Invalid"/>, which consumes nothing.
/// </remarks>
internal static class HuffmanTable
{
    public const uint Literal = 0x1000;
    public const uint Subtable = 0x2000;
    public const uint EndOfBlock = 0x4000;
    public const uint Invalid = 0x8000;
    public const int MaxCodeLength = 15;

    /// <summary>Table size for an alphabet of <paramref name="symbols"/> with this primary size: primary plus the worst-case subtables.</summary>
    public static int Size(int primaryBits, int symbols) => (1 << primaryBits) + symbols * (1 << (MaxCodeLength - primaryBits));

    /// <summary>
    /// Fills <paramref name="table"/> for the code lengths <paramref name="lengths"/>; entry templates
    /// (value, extra bits and flags, without the length) come from <paramref name="templates"/>.
    /// Returns false for an over-subscribed code, or an incomplete one unless
    /// <paramref name="allowIncomplete"/> and it has a single code of length 1 (as zlib allows).
    /// </summary>
    public static bool TryBuild(Span<uint> table, int primaryBits, ReadOnlySpan<byte> lengths, ReadOnlySpan<uint> templates, bool allowIncomplete)
    {
        Span<int> count = stackalloc int[MaxCodeLength + 1];
        foreach (byte len in lengths)
        {
            count[len]++;
        }

        count[0] = 0;
        int maxLength = MaxCodeLength;
        while (maxLength > 0 && count[maxLength] == 0)
        {
            maxLength--;
        }

        int primarySize = 1 << primaryBits;
        table[..primarySize].Fill(Invalid);
        if (maxLength == 0)
        {
            return allowIncomplete; // no codes: every lookup is invalid
        }

        int left = 1;
        for (int len = 1; len <= MaxCodeLength; len++)
        {
            left = (left << 1) - count[len];
            if (left < 0)
            {
                return false; // over-subscribed
            }
        }

        if (left > 0 && !(allowIncomplete && maxLength == 1))
        {
            return false;
        }

        Span<int> nextCode = stackalloc int[MaxCodeLength + 2];
        int code = 0;
        for (int len = 1; len <= MaxCodeLength; len++)
        {
            code = (code + count[len - 1]) << 1;
            nextCode[len] = code;
        }

        int subBits = Math.Max(0, maxLength - primaryBits);
        int subSize = 1 << subBits;
        int nextSubtable = primarySize;
        int primaryMask = primarySize - 1;
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int len = lengths[symbol];
            if (len == 0)
            {
                continue;
            }

            int reversed = Reverse(nextCode[len]++, len);
            if (len <= primaryBits)
            {
                uint entry = templates[symbol] | (uint)len;
                for (int i = reversed; i < primarySize; i += 1 << len)
                {
                    table[i] = entry;
                }

                continue;
            }

            int prefix = reversed & primaryMask;
            uint pointer = table[prefix];
            if ((pointer & Subtable) == 0)
            {
                pointer = Subtable | ((uint)nextSubtable << 16) | ((uint)subBits << 8) | (uint)primaryBits;
                table[prefix] = pointer;
                table.Slice(nextSubtable, subSize).Fill(Invalid);
                nextSubtable += subSize;
            }

            int start = (int)(pointer >> 16);
            int subLength = len - primaryBits;
            uint subEntry = templates[symbol] | (uint)subLength;
            for (int i = reversed >> primaryBits; i < subSize; i += 1 << subLength)
            {
                table[start + i] = subEntry;
            }
        }

        return true;
    }

    private static int Reverse(int code, int length)
    {
        int r = 0;
        for (int i = 0; i < length; i++)
        {
            r = (r << 1) | (code & 1);
            code >>= 1;
        }

        return r;
    }
}

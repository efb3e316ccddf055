using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SegmentS2.GeoTiff.Compression.Deflate;

/// <summary>
/// A table-driven zlib (RFC 1950) / Deflate (RFC 1951) decoder writing straight into the caller's
/// buffer, in the manner of libdeflate: a 64-bit bit buffer refilled without branches, one table
/// lookup per symbol, and matches copied 8 bytes at a time while both buffers have room to spare.
/// </summary>
/// <remarks>
/// Every read of input and write of output is bounds-checked, either explicitly in the careful path
/// or by the margins the fast path tests before each symbol. Not thread-safe: use one per thread.
/// </remarks>
internal sealed class ZlibInflater
{
    private const int LitLenBits = 11;
    private const int DistBits = 8;
    private const int PrecodeBits = 7;
    private const int MaxMatch = 258;

    // The fast path needs this much input (one 8-byte refill) and output (a match plus 8 bytes of overcopy) left.
    private const int FastInputMargin = 16;
    private const int FastOutputMargin = MaxMatch + 16;

    private static readonly byte[] PrecodeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    private static readonly uint[] LitLenTemplates = BuildLitLenTemplates();
    private static readonly uint[] DistTemplates = BuildDistTemplates();
    private static readonly uint[] PrecodeTemplates = Enumerable.Range(0, 19).Select(s => (uint)s << 16).ToArray();
    private static readonly uint[] FixedLitLen = BuildFixed(LitLenBits, 288, LitLenTemplates, s => s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
    private static readonly uint[] FixedDist = BuildFixed(DistBits, 32, DistTemplates, _ => 5);

    private readonly uint[] _litLen = new uint[HuffmanTable.Size(LitLenBits, 288)];
    private readonly uint[] _dist = new uint[HuffmanTable.Size(DistBits, 32)];
    private readonly uint[] _precode = new uint[1 << PrecodeBits];
    private readonly byte[] _lengths = new byte[288 + 32];

    private ulong _bits;
    private int _bitCount;
    private int _in;
    private int _overread;

    /// <summary>
    /// Decodes the zlib stream <paramref name="input"/> into <paramref name="output"/> and returns the
    /// bytes written. Throws <see cref="GeoTiffFormatException"/> for a corrupt or truncated stream,
    /// a checksum mismatch, or output that would not fit (<paramref name="overflow"/> builds that error).
    /// </summary>
    public int Inflate(ReadOnlySpan<byte> input, Span<byte> output, Func<GeoTiffFormatException> overflow)
    {
        if (input.Length < 2)
        {
            throw Corrupt("the zlib header is missing");
        }

        int cmf = input[0], flg = input[1];
        if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20) != 0)
        {
            throw Corrupt($"invalid zlib header 0x{cmf:X2}{flg:X2}");
        }

        _bits = 0;
        _bitCount = 0;
        _in = 2;
        _overread = 0;
        int written = 0;
        bool final;
        do
        {
            Refill(input);
            final = (_bits & 1) != 0;
            int type = (int)(_bits >> 1) & 3;
            Consume(3);
            switch (type)
            {
                case 0:
                    written = CopyStored(input, output, written, overflow);
                    break;
                case 1:
                    written = DecodeBlock(input, output, written, FixedLitLen, FixedDist, overflow);
                    break;
                case 2:
                    ReadDynamicTables(input);
                    written = DecodeBlock(input, output, written, _litLen, _dist, overflow);
                    break;
                default:
                    throw Corrupt("block type 3 is reserved");
            }
        }
        while (!final);

        int end = AlignToByte();
        if (end > input.Length - 4)
        {
            throw Corrupt("the stream ends before its Adler-32 checksum");
        }

        uint expected = BinaryPrimitives.ReadUInt32BigEndian(input[end..]);
        uint actual = Adler32.Compute(output[..written]);
        if (expected != actual)
        {
            throw Corrupt($"Adler-32 checksum 0x{actual:X8} of the decoded data differs from the stored 0x{expected:X8}");
        }

        return written;
    }

    private static GeoTiffFormatException Corrupt(string what) => new($"DEFLATE data is corrupt: {what}.");

    /// <summary>
    /// Tops the bit buffer up to 56-63 bits (never 64: the branchless refill shifts by the bit count);
    /// past the end of input it shifts in zeros, but not for long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Refill(ReadOnlySpan<byte> input)
    {
        if (_in <= input.Length - 8)
        {
            _bits |= BinaryPrimitives.ReadUInt64LittleEndian(input[_in..]) << _bitCount;
            _in += 7 - ((_bitCount >> 3) & 7);
            _bitCount |= 56;
            return;
        }

        while (_bitCount < 56)
        {
            if (_in < input.Length)
            {
                _bits |= (ulong)input[_in++] << _bitCount;
            }
            else if (++_overread > 8)
            {
                throw Corrupt("the stream is truncated");
            }

            _bitCount += 8;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Consume(int n)
    {
        _bits >>= n;
        _bitCount -= n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Take(int n)
    {
        int v = (int)(_bits & ((1UL << n) - 1));
        Consume(n);
        return v;
    }

    /// <summary>Drops the bits up to the next byte boundary and returns the input position there.</summary>
    private int AlignToByte()
    {
        Consume(_bitCount & 7);
        int position = _in + _overread - (_bitCount >> 3);
        _bits = 0;
        _bitCount = 0;
        _overread = 0;
        _in = position;
        return position;
    }

    private int CopyStored(ReadOnlySpan<byte> input, Span<byte> output, int written, Func<GeoTiffFormatException> overflow)
    {
        int at = AlignToByte();
        if (at > input.Length - 4)
        {
            throw Corrupt("a stored block's header is truncated");
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(input[at..]);
        int check = BinaryPrimitives.ReadUInt16LittleEndian(input[(at + 2)..]);
        if ((length ^ 0xFFFF) != check)
        {
            throw Corrupt($"a stored block's length {length} does not match its complement {check}");
        }

        at += 4;
        if (length > input.Length - at)
        {
            throw Corrupt("a stored block is truncated");
        }

        if (length > output.Length - written)
        {
            throw overflow();
        }

        input.Slice(at, length).CopyTo(output[written..]);
        _in = at + length;
        return written + length;
    }

    private void ReadDynamicTables(ReadOnlySpan<byte> input)
    {
        Refill(input);
        int litLenCount = Take(5) + 257;
        int distCount = Take(5) + 1;
        int precodeCount = Take(4) + 4;
        if (litLenCount > 286 || distCount > 30)
        {
            throw Corrupt($"a dynamic block declares {litLenCount} literal/length and {distCount} distance codes (at most 286 and 30)");
        }

        Span<byte> precodeLengths = stackalloc byte[19];
        precodeLengths.Clear();
        for (int i = 0; i < precodeCount; i++)
        {
            if (_bitCount < 3)
            {
                Refill(input);
            }

            precodeLengths[PrecodeOrder[i]] = (byte)Take(3);
        }

        if (!HuffmanTable.TryBuild(_precode, PrecodeBits, precodeLengths, PrecodeTemplates, allowIncomplete: false))
        {
            throw Corrupt("invalid code-length code");
        }

        Span<byte> lengths = _lengths.AsSpan(0, litLenCount + distCount);
        int n = 0;
        while (n < lengths.Length)
        {
            Refill(input);
            uint entry = _precode[(int)(_bits & ((1u << PrecodeBits) - 1))];
            if ((entry & HuffmanTable.Invalid) != 0)
            {
                throw Corrupt("invalid code-length symbol");
            }

            Consume((byte)entry);
            int symbol = (int)(entry >> 16);
            if (symbol < 16)
            {
                lengths[n++] = (byte)symbol;
                continue;
            }

            (byte value, int repeat) = symbol switch
            {
                16 when n == 0 => throw Corrupt("a length repeat has no previous length"),
                16 => (lengths[n - 1], 3 + Take(2)),
                17 => ((byte)0, 3 + Take(3)),
                _ => ((byte)0, 11 + Take(7)),
            };
            if (repeat > lengths.Length - n)
            {
                throw Corrupt("code lengths run past the declared codes");
            }

            lengths.Slice(n, repeat).Fill(value);
            n += repeat;
        }

        if (lengths[256] == 0)
        {
            throw Corrupt("the block has no end-of-block code");
        }

        if (!HuffmanTable.TryBuild(_litLen, LitLenBits, lengths[..litLenCount], LitLenTemplates, allowIncomplete: true)
            || !HuffmanTable.TryBuild(_dist, DistBits, lengths[litLenCount..], DistTemplates, allowIncomplete: true))
        {
            throw Corrupt("invalid literal/length or distance code");
        }
    }

    /// <summary>Decodes one Huffman block's symbols into the output.</summary>
    /// <remarks>
    /// Table lookups skip bounds checks: a primary index is masked to the primary size, and a
    /// subtable index to the subtable's size, both within the table by construction
    /// (<see cref="HuffmanTable.Size"/>).
    /// </remarks>
    private int DecodeBlock(ReadOnlySpan<byte> input, Span<byte> output, int written, uint[] litLenTable, uint[] distTable, Func<GeoTiffFormatException> overflow)
    {
        ref byte outStart = ref MemoryMarshal.GetReference(output);
        ref byte inStart = ref MemoryMarshal.GetReference(input);
        ref uint litLen = ref MemoryMarshal.GetArrayDataReference(litLenTable);
        ref uint dist = ref MemoryMarshal.GetArrayDataReference(distTable);
        int outLength = output.Length, outFastEnd = outLength - FastOutputMargin;
        int inFastEnd = input.Length - FastInputMargin;
        int outPos = written, inPos = _in;
        ulong bits = _bits;
        int bitCount = _bitCount;
        const ulong litLenMask = (1UL << LitLenBits) - 1;
        const ulong distMask = (1UL << DistBits) - 1;

        while (true)
        {
            // Refill to at least 56 bits: one symbol, its extra bits, a distance and its extra bits take at most 48.
            if (inPos <= inFastEnd)
            {
                bits |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref inStart, inPos)) << bitCount;
                inPos += 7 - ((bitCount >> 3) & 7);
                bitCount |= 56;
            }
            else
            {
                (_bits, _bitCount, _in) = (bits, bitCount, inPos);
                Refill(input);
                (bits, bitCount, inPos) = (_bits, _bitCount, _in);
            }

            uint entry = Unsafe.Add(ref litLen, (int)(bits & litLenMask));
            if ((entry & HuffmanTable.Subtable) != 0)
            {
                bits >>= LitLenBits;
                bitCount -= LitLenBits;
                entry = Unsafe.Add(ref litLen, (int)(entry >> 16) + (int)(bits & ((1UL << (int)((entry >> 8) & 0xF)) - 1)));
            }

            bits >>= (byte)entry;
            bitCount -= (byte)entry;

            if ((entry & HuffmanTable.Literal) != 0)
            {
                if (outPos <= outFastEnd)
                {
                    // Room for every literal the bit buffer can hold: decode them without further checks.
                    while (true)
                    {
                        Unsafe.Add(ref outStart, outPos++) = (byte)(entry >> 16);
                        if (bitCount < HuffmanTable.MaxCodeLength)
                        {
                            break;
                        }

                        entry = Unsafe.Add(ref litLen, (int)(bits & litLenMask));
                        if ((entry & (HuffmanTable.Literal | HuffmanTable.Subtable)) != HuffmanTable.Literal)
                        {
                            break;
                        }

                        bits >>= (byte)entry;
                        bitCount -= (byte)entry;
                    }
                }
                else
                {
                    if (outPos >= outLength)
                    {
                        throw overflow();
                    }

                    output[outPos++] = (byte)(entry >> 16);
                }

                continue;
            }

            if ((entry & (HuffmanTable.EndOfBlock | HuffmanTable.Invalid)) != 0)
            {
                if ((entry & HuffmanTable.Invalid) != 0)
                {
                    throw Corrupt($"invalid literal/length code after {outPos} decoded bytes");
                }

                break;
            }

            int extra = (int)((entry >> 8) & 0xF);
            int length = (int)(entry >> 16) + (int)(bits & ((1UL << extra) - 1));
            bits >>= extra;
            bitCount -= extra;

            uint d = Unsafe.Add(ref dist, (int)(bits & distMask));
            if ((d & HuffmanTable.Subtable) != 0)
            {
                bits >>= DistBits;
                bitCount -= DistBits;
                d = Unsafe.Add(ref dist, (int)(d >> 16) + (int)(bits & ((1UL << (int)((d >> 8) & 0xF)) - 1)));
            }

            if ((d & HuffmanTable.Invalid) != 0)
            {
                throw Corrupt($"invalid distance code after {outPos} decoded bytes");
            }

            bits >>= (byte)d;
            bitCount -= (byte)d;
            int distExtra = (int)((d >> 8) & 0xF);
            int distance = (int)(d >> 16) + (int)(bits & ((1UL << distExtra) - 1));
            bits >>= distExtra;
            bitCount -= distExtra;

            if (distance > outPos)
            {
                throw Corrupt($"a match reaches {distance} bytes back with only {outPos} decoded");
            }

            if (outPos <= outFastEnd)
            {
                CopyMatchFast(ref outStart, outPos, distance, length);
            }
            else
            {
                if (length > outLength - outPos)
                {
                    throw overflow();
                }

                for (int i = 0; i < length; i++)
                {
                    output[outPos + i] = output[outPos - distance + i];
                }
            }

            outPos += length;
        }

        (_bits, _bitCount, _in) = (bits, bitCount, inPos);
        return outPos;
    }

    /// <summary>Copies a match; the caller guarantees FastOutputMargin bytes of room, so copies may overrun by up to 8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyMatchFast(ref byte outStart, int outPos, int distance, int length)
    {
        ref byte dst = ref Unsafe.Add(ref outStart, outPos);
        ref byte src = ref Unsafe.Add(ref outStart, outPos - distance);
        if (distance >= 8)
        {
            // Each 8-byte word read lies wholly before the word written.
            int i = 0;
            do
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i)));
                i += 8;
            }
            while (i < length);
        }
        else if (distance == 1)
        {
            ulong pattern = 0x0101010101010101UL * src;
            int i = 0;
            do
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), pattern);
                i += 8;
            }
            while (i < length);
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
            }
        }
    }

    private static uint[] BuildLitLenTemplates()
    {
        ReadOnlySpan<ushort> baseLength = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
        ReadOnlySpan<byte> extraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
        var t = new uint[288];
        for (int s = 0; s < 256; s++)
        {
            t[s] = HuffmanTable.Literal | ((uint)s << 16);
        }

        t[256] = HuffmanTable.EndOfBlock;
        for (int s = 257; s < 286; s++)
        {
            t[s] = ((uint)baseLength[s - 257] << 16) | ((uint)extraBits[s - 257] << 8);
        }

        t[286] = t[287] = HuffmanTable.Invalid;
        return t;
    }

    private static uint[] BuildDistTemplates()
    {
        ReadOnlySpan<ushort> baseDistance = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
        var t = new uint[32];
        for (int s = 0; s < 30; s++)
        {
            t[s] = ((uint)baseDistance[s] << 16) | ((uint)Math.Max(0, s / 2 - 1) << 8);
        }

        t[30] = t[31] = HuffmanTable.Invalid;
        return t;
    }

    private static uint[] BuildFixed(int primaryBits, int symbols, uint[] templates, Func<int, int> length)
    {
        var lengths = new byte[symbols];
        for (int s = 0; s < symbols; s++)
        {
            lengths[s] = (byte)length(s);
        }

        var table = new uint[HuffmanTable.Size(primaryBits, symbols)];
        HuffmanTable.TryBuild(table, primaryBits, lengths, templates, allowIncomplete: false);
        return table;
    }
}

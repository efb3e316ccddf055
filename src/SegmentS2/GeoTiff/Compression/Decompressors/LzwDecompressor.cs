using System.Buffers;

namespace SegmentS2.GeoTiff.Compression.Decompressors;

/// <summary>
/// TIFF LZW (MSB-first codes of 9 to 12 bits, "early change" as libtiff writes it).
/// </summary>
/// <remarks>
/// Every table entry is a string the decoder has already written, so an entry is kept as
/// (offset in the output, length) and decoding a code is one span copy, not a walk of a prefix chain.
/// </remarks>
internal sealed class LzwDecompressor : TiffDecompressor
{
    private const int ClearCode = 256;
    private const int EndOfInformation = 257;
    private const int FirstFreeCode = 258;
    private const int TableSize = 4096;
    private const int MaxCodeWidth = 12;

    /// <inheritdoc />
    public override TiffCompression Compression => TiffCompression.Lzw;

    /// <inheritdoc />
    public override long MaxExpansionRatio => 2800; // a 12-bit code yields at most 4094 bytes

    /// <inheritdoc />
    public override int Decompress(ReadOnlyMemory<byte> compressed, Span<byte> destination)
    {
        ReadOnlySpan<byte> src = compressed.Span;
        if (src.Length >= 2 && src[0] == 0 && (src[1] & 1) != 0)
        {
            // libtiff's test for the pre-5.0 LSB-first variant.
            throw new UnsupportedGeoTiffException("Old-style (LSB-first, pre-TIFF 6.0) LZW data is not supported.");
        }

        int[] table = ArrayPool<int>.Shared.Rent(2 * TableSize);
        try
        {
            return Decode(src, destination, table.AsSpan(0, TableSize), table.AsSpan(TableSize, TableSize));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(table);
        }
    }

    private int Decode(ReadOnlySpan<byte> src, Span<byte> dst, Span<int> entryOffset, Span<int> entryLength)
    {
        ulong bits = 0;
        int bitCount = 0, s = 0, d = 0;
        int codeWidth = 9, next = FirstFreeCode;
        int prevOffset = -1, prevLength = 0;

        while (true)
        {
            if (bitCount < codeWidth)
            {
                while (bitCount <= 56 && s < src.Length)
                {
                    bits = (bits << 8) | src[s++];
                    bitCount += 8;
                }

                if (bitCount < codeWidth)
                {
                    return d; // input ends without an end-of-information code; libtiff accepts this too
                }
            }

            int code = (int)(bits >> (bitCount - codeWidth)) & ((1 << codeWidth) - 1);
            bitCount -= codeWidth;

            if (code == EndOfInformation)
            {
                return d;
            }

            if (code == ClearCode)
            {
                codeWidth = 9;
                next = FirstFreeCode;
                prevOffset = -1;
                continue;
            }

            int length;
            if (code < ClearCode)
            {
                if (d >= dst.Length)
                {
                    throw Overflow(dst.Length);
                }

                dst[d] = (byte)code;
                length = 1;
            }
            else if (prevOffset < 0)
            {
                throw new GeoTiffFormatException($"LZW code {code} at input byte {s} follows a clear code; only a literal (0-255) may.");
            }
            else if (code < next)
            {
                length = entryLength[code];
                if (length > dst.Length - d)
                {
                    throw Overflow(dst.Length);
                }

                dst.Slice(entryOffset[code], length).CopyTo(dst[d..]);
            }
            else if (code == next)
            {
                // The KwKwK case: the previous string plus its own first byte.
                length = prevLength + 1;
                if (length > dst.Length - d)
                {
                    throw Overflow(dst.Length);
                }

                dst.Slice(prevOffset, prevLength).CopyTo(dst[d..]);
                dst[d + prevLength] = dst[prevOffset];
            }
            else
            {
                throw new GeoTiffFormatException($"LZW code {code} at input byte {s} is beyond the table's next free code {next}.");
            }

            if (prevOffset >= 0)
            {
                if (next >= TableSize)
                {
                    throw new GeoTiffFormatException($"LZW table overflow at input byte {s}: more than {TableSize} codes without a clear code.");
                }

                // The new entry is the previous string and the first byte of this one; both sit together in the output.
                entryOffset[next] = prevOffset;
                entryLength[next] = prevLength + 1;
                next++;
                if (next >= (1 << codeWidth) - 1 && codeWidth < MaxCodeWidth)
                {
                    codeWidth++;
                }
            }

            prevOffset = d;
            prevLength = length;
            d += length;
        }
    }
}

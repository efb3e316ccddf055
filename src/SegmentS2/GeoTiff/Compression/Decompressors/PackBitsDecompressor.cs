namespace SegmentS2.GeoTiff.Compression.Decompressors;

/// <summary>PackBits run-length decoding (TIFF 6.0 section 9).</summary>
internal sealed class PackBitsDecompressor : TiffDecompressor
{
    /// <inheritdoc />
    public override TiffCompression Compression => TiffCompression.PackBits;

    /// <inheritdoc />
    public override long MaxExpansionRatio => 64; // 2 bytes encode a run of 128

    /// <inheritdoc />
    public override int Decompress(ReadOnlyMemory<byte> compressed, Span<byte> destination)
    {
        ReadOnlySpan<byte> src = compressed.Span;
        int s = 0, d = 0;
        while (s < src.Length && d < destination.Length)
        {
            int header = (sbyte)src[s++];
            if (header >= 0)
            {
                int count = header + 1;
                if (count > src.Length - s)
                {
                    throw new GeoTiffFormatException($"PACKBITS literal run of {count} bytes at input byte {s - 1} runs past the end of the block's {src.Length} bytes.");
                }

                if (count > destination.Length - d)
                {
                    throw Overflow(destination.Length);
                }

                src.Slice(s, count).CopyTo(destination[d..]);
                s += count;
                d += count;
            }
            else if (header != -128)
            {
                int count = 1 - header;
                if (s >= src.Length)
                {
                    throw new GeoTiffFormatException($"PACKBITS repeat run at input byte {s - 1} lacks its byte.");
                }

                if (count > destination.Length - d)
                {
                    throw Overflow(destination.Length);
                }

                destination.Slice(d, count).Fill(src[s++]);
                d += count;
            }
        }

        // Like libtiff, input left once the block is full is ignored: the output is bounded by the
        // destination either way, and some writers pad blocks.
        return d;
    }
}

using ZstdSharp;

namespace SegmentS2.GeoTiff.Compression.Decompressors;

/// <summary>Zstandard frames, decoded by ZstdSharp with one decoder context per thread.</summary>
internal sealed class ZstdDecompressor : TiffDecompressor
{
    [ThreadStatic]
    private static Decompressor? t_context;

    /// <inheritdoc />
    public override TiffCompression Compression => TiffCompression.Zstd;

    /// <inheritdoc />
    public override long MaxExpansionRatio => 40_000; // an RLE block: 4 bytes for 128 KiB

    /// <inheritdoc />
    public override int Decompress(ReadOnlyMemory<byte> compressed, Span<byte> destination)
    {
        Decompressor context = t_context ??= new Decompressor();
        try
        {
            if (!context.TryUnwrap(compressed.Span, destination, out int written))
            {
                throw Overflow(destination.Length);
            }

            return written;
        }
        catch (ZstdException ex)
        {
            throw new GeoTiffFormatException($"ZSTD data is corrupt: {ex.Message}", ex);
        }
    }
}

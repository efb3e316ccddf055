using SegmentS2.GeoTiff.Compression.Deflate;

namespace SegmentS2.GeoTiff.Compression.Decompressors;

/// <summary>
/// zlib-wrapped Deflate (codes 8 and 32946), decoded by <see cref="ZlibInflater"/> straight into the
/// block buffer, with one inflater (and its tables) per thread.
/// </summary>
internal sealed class DeflateDecompressor : TiffDecompressor
{
    [ThreadStatic]
    private static ZlibInflater? t_inflater;

    public DeflateDecompressor(TiffCompression compression) => Compression = compression;

    /// <inheritdoc />
    public override TiffCompression Compression { get; }

    /// <inheritdoc />
    public override long MaxExpansionRatio => 1100; // Deflate's limit is 1032:1

    /// <inheritdoc />
    public override int Decompress(ReadOnlyMemory<byte> compressed, Span<byte> destination)
    {
        ZlibInflater inflater = t_inflater ??= new ZlibInflater();
        int capacity = destination.Length;
        return inflater.Inflate(compressed.Span, destination, () => Overflow(capacity));
    }
}

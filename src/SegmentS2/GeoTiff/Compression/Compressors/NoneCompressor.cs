using System.Buffers;

namespace SegmentS2.GeoTiff.Compression.Compressors;

/// <summary>TIFF compression 1: the bytes as they are.</summary>
internal sealed class NoneCompressor : ITileCompressor
{
    public TiffCompression Compression => TiffCompression.None;

    public CompressedTile Compress(ReadOnlySpan<byte> source)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(source.Length);
        source.CopyTo(buffer);
        return new CompressedTile(buffer, source.Length);
    }

    public void Dispose() { }
}

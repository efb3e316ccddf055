using System.Buffers;

namespace SegmentS2.GeoTiff.Writing.Codecs;

/// <summary>TIFF compression 1: the bytes as they are.</summary>
internal sealed class UncompressedTileCompressor : ITileCompressor
{
    public ushort TiffCode => 1;

    public CompressedTile Compress(ReadOnlySpan<byte> source)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(source.Length);
        source.CopyTo(buffer);
        return new CompressedTile(buffer, source.Length);
    }

    public void Dispose() { }
}

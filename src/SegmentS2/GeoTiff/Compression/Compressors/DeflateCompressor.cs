using System.Buffers;
using System.IO.Compression;

namespace SegmentS2.GeoTiff.Compression.Compressors;

/// <summary>TIFF compression 8: a zlib stream (RFC 1950) per tile, at a configurable level.</summary>
internal sealed class DeflateCompressor(int level) : ITileCompressor
{
    public TiffCompression Compression => TiffCompression.Deflate;

    public CompressedTile Compress(ReadOnlySpan<byte> source)
    {
        // Stored blocks bound the output at 5 bytes per 16 KiB plus the 6-byte zlib wrapper; n/8 + 256 is ample.
        var buffer = ArrayPool<byte>.Shared.Rent(source.Length + (source.Length >> 3) + 256);
        try
        {
            using var output = new MemoryStream(buffer, 0, buffer.Length, writable: true);
            using (var zlib = new ZLibStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
            {
                zlib.Write(source);
            }

            return new CompressedTile(buffer, checked((int)output.Position));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose() { }
}

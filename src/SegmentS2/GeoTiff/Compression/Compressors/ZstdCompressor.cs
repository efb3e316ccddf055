using System.Buffers;
using System.Collections.Concurrent;
using ZstdSharp;

namespace SegmentS2.GeoTiff.Compression.Compressors;

/// <summary>TIFF compression 50000 (GDAL's Zstandard): one zstd frame per tile, compressors pooled across threads.</summary>
internal sealed class ZstdCompressor(int level) : ITileCompressor
{
    private readonly ConcurrentBag<Compressor> _pool = [];

    public TiffCompression Compression => TiffCompression.Zstd;

    public CompressedTile Compress(ReadOnlySpan<byte> source)
    {
        if (!_pool.TryTake(out var compressor))
        {
            compressor = new Compressor(level);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(source.Length));
        try
        {
            int length = compressor.Wrap(source, buffer);
            _pool.Add(compressor);
            return new CompressedTile(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            compressor.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (_pool.TryTake(out var compressor))
        {
            compressor.Dispose();
        }
    }
}

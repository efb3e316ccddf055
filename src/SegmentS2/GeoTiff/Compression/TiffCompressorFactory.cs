using SegmentS2.GeoTiff.Compression.Compressors;
using SegmentS2.GeoTiff.Writing;

namespace SegmentS2.GeoTiff.Compression;

/// <summary>Creates the compressor for a codec the writer supports.</summary>
internal static class TiffCompressorFactory
{
    /// <summary>GDAL's default ZLEVEL.</summary>
    public const int DefaultDeflateLevel = 6;

    /// <summary>GDAL's default ZSTD_LEVEL.</summary>
    public const int DefaultZstdLevel = 9;

    public static ITileCompressor Create(GeoTiffWriteCompression compression, int? level) => compression switch
    {
        GeoTiffWriteCompression.None => new NoneCompressor(),
        GeoTiffWriteCompression.Deflate => new DeflateCompressor(level ?? DefaultDeflateLevel),
        GeoTiffWriteCompression.Zstd => new ZstdCompressor(level ?? DefaultZstdLevel),
        GeoTiffWriteCompression.Lzw => new LzwCompressor(),
        _ => throw new GeoTiffWriteException($"Unknown compression {compression}."),
    };
}

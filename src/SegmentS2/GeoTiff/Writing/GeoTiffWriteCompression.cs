namespace SegmentS2.GeoTiff.Writing;

/// <summary>The tile codecs <see cref="GeoTiffWriter"/> can write (a subset of what TIFF readers accept).</summary>
public enum GeoTiffWriteCompression
{
    /// <summary>Uncompressed tiles (TIFF compression 1).</summary>
    None,

    /// <summary>zlib-wrapped DEFLATE (TIFF compression 8, "Adobe deflate"): the default; every reader has it.</summary>
    Deflate,

    /// <summary>Zstandard (TIFF compression 50000, GDAL 2.3+): faster and smaller than DEFLATE, fewer readers.</summary>
    Zstd,

    /// <summary>TIFF LZW (compression 5): for readers that predate DEFLATE; usually larger and slower.</summary>
    Lzw,
}

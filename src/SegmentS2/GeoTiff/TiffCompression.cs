namespace SegmentS2.GeoTiff;

/// <summary>Values of the TIFF <c>Compression</c> tag (259) that GeoTIFF files use.</summary>
/// <remarks>
/// <see cref="GeoTiffReader"/> decodes <see cref="None"/>, <see cref="Lzw"/>, <see cref="Deflate"/>,
/// <see cref="AdobeDeflate"/>, <see cref="PackBits"/> and <see cref="Zstd"/> itself, and <see cref="Jpeg"/>,
/// <see cref="CcittRle"/>, <see cref="CcittFax3"/> and <see cref="CcittFax4"/> through its LibTiff.NET
/// fallback decoder; the others are named so that the error refusing them can say which codec the file uses.
/// </remarks>
public enum TiffCompression : ushort
{
    /// <summary>No compression.</summary>
    None = 1,
    /// <summary>CCITT modified Huffman RLE (bilevel images).</summary>
    CcittRle = 2,
    /// <summary>CCITT Group 3 fax (bilevel images).</summary>
    CcittFax3 = 3,
    /// <summary>CCITT Group 4 fax (bilevel images).</summary>
    CcittFax4 = 4,
    /// <summary>Lempel-Ziv-Welch.</summary>
    Lzw = 5,
    /// <summary>Old-style JPEG (TIFF 6.0 section 22, obsolete).</summary>
    OJpeg = 6,
    /// <summary>JPEG (TIFF technical note 2).</summary>
    Jpeg = 7,
    /// <summary>Deflate (zlib), the registered code.</summary>
    Deflate = 8,
    /// <summary>JBIG (bilevel images).</summary>
    Jbig = 34661,
    /// <summary>PackBits run-length encoding.</summary>
    PackBits = 32773,
    /// <summary>Deflate (zlib), Adobe's original code.</summary>
    AdobeDeflate = 32946,
    /// <summary>Esri LERC.</summary>
    Lerc = 34887,
    /// <summary>LZMA2.</summary>
    Lzma = 34925,
    /// <summary>Zstandard.</summary>
    Zstd = 50000,
    /// <summary>WebP.</summary>
    Webp = 50001,
    /// <summary>JPEG XL.</summary>
    JpegXl = 50002,
}

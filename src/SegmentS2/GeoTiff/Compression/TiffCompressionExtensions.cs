namespace SegmentS2.GeoTiff;

/// <summary>Helpers for <see cref="TiffCompression"/>.</summary>
internal static class TiffCompressionExtensions
{
    /// <summary>
    /// The codec's name as GDAL reports it in <c>COMPRESSION</c> metadata (NONE, DEFLATE, LZW, PACKBITS,
    /// ZSTD, JPEG, LERC, WEBP, ...); the decimal code for a value GDAL has no name for.
    /// </summary>
    public static string GdalName(this TiffCompression compression) => compression switch
    {
        TiffCompression.None => "NONE",
        TiffCompression.CcittRle => "CCITTRLE",
        TiffCompression.CcittFax3 => "CCITTFAX3",
        TiffCompression.CcittFax4 => "CCITTFAX4",
        TiffCompression.Lzw => "LZW",
        TiffCompression.OJpeg => "OJPEG",
        TiffCompression.Jpeg => "JPEG",
        TiffCompression.Deflate or TiffCompression.AdobeDeflate => "DEFLATE",
        TiffCompression.Jbig => "JBIG",
        TiffCompression.PackBits => "PACKBITS",
        TiffCompression.Lerc => "LERC",
        TiffCompression.Lzma => "LZMA",
        TiffCompression.Zstd => "ZSTD",
        TiffCompression.Webp => "WEBP",
        TiffCompression.JpegXl => "JXL",
        _ => ((ushort)compression).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

using SegmentS2.GeoTiff.Compression.Decompressors;

namespace SegmentS2.GeoTiff.Compression;

/// <summary>Picks the decompressor for a <see cref="TiffCompression"/> value, or refuses the codec by name.</summary>
internal static class TiffDecompressorFactory
{
    private static readonly NoneDecompressor None = new();
    private static readonly DeflateDecompressor Deflate = new(TiffCompression.Deflate);
    private static readonly DeflateDecompressor AdobeDeflate = new(TiffCompression.AdobeDeflate);
    private static readonly LzwDecompressor Lzw = new();
    private static readonly PackBitsDecompressor PackBits = new();
    private static readonly ZstdDecompressor Zstd = new();

    /// <summary>True when the codec can be decoded.</summary>
    public static bool IsSupported(TiffCompression compression) => compression is TiffCompression.None or TiffCompression.Deflate
        or TiffCompression.AdobeDeflate or TiffCompression.Lzw or TiffCompression.PackBits or TiffCompression.Zstd;

    /// <summary>The decompressor for <paramref name="compression"/>; throws <see cref="UnsupportedGeoTiffException"/> for other codecs.</summary>
    public static TiffDecompressor Create(TiffCompression compression) => compression switch
    {
        TiffCompression.None => None,
        TiffCompression.Deflate => Deflate,
        TiffCompression.AdobeDeflate => AdobeDeflate,
        TiffCompression.Lzw => Lzw,
        TiffCompression.PackBits => PackBits,
        TiffCompression.Zstd => Zstd,
        _ => throw new UnsupportedGeoTiffException(
            $"{compression.GdalName()} compression (code {(ushort)compression}) is not supported; supported: NONE, DEFLATE, LZW, PACKBITS, ZSTD, JPEG, CCITTRLE, CCITTFAX3, CCITTFAX4."),
    };

    /// <summary>True when the codec runs the TIFF predictor after decoding (libtiff applies it only for these).</summary>
    public static bool UsesPredictor(TiffCompression compression) => compression is TiffCompression.Deflate
        or TiffCompression.AdobeDeflate or TiffCompression.Lzw or TiffCompression.Zstd or TiffCompression.Lzma;
}

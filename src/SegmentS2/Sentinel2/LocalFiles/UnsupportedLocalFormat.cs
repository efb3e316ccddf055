using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Sentinel2.LocalFiles;

/// <summary>
/// Recognises local inputs SegmentS2 does not read, so that the error names the format and the fix instead of a parser's
/// complaint: JPEG 2000 band files (<c>.jp2</c>, <c>.j2k</c>) and Sentinel-2 SAFE folders (whose bands are JPEG 2000).
/// </summary>
internal static class UnsupportedLocalFormat
{
    private static readonly string[] Jpeg2000 = [".jp2", ".j2k", ".jpx"];

    private const string Fix = "convert the bands to GeoTIFF (gdal_translate -of COG B04.jp2 B04.tif) or use a STAC item whose assets are COGs";

    /// <summary>Throws when <paramref name="path"/> (a full path that exists) is a JPEG 2000 file or a SAFE folder.</summary>
    /// <exception cref="S2ReadException">The input's format is not supported; the message names it and the fix.</exception>
    public static void ThrowIfUnsupported(string path, string given)
    {
        if (File.Exists(path) && IsJpeg2000(path))
        {
            throw new S2ReadException($"Local path '{given}' is a JPEG 2000 file, which SegmentS2 does not read; {Fix}.");
        }

        if (!Directory.Exists(path))
        {
            return;
        }

        string name = Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (name.EndsWith(".SAFE", StringComparison.OrdinalIgnoreCase) || File.Exists(Path.Combine(path, "manifest.safe")))
        {
            throw new S2ReadException($"Local path '{given}' is a Sentinel-2 SAFE folder (JPEG 2000 bands), which SegmentS2 does not read; {Fix}.");
        }

        bool hasTiff = Directory.EnumerateFiles(path).Any(f => f.EndsWith(".tif", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".tiff", StringComparison.OrdinalIgnoreCase));
        if (!hasTiff && Directory.EnumerateFiles(path).Any(IsJpeg2000) && !Directory.EnumerateFiles(path, "*.json").Any())
        {
            throw new S2ReadException($"Local path '{given}' holds JPEG 2000 band files and no GeoTIFF; SegmentS2 does not read JPEG 2000: {Fix}.");
        }
    }

    private static bool IsJpeg2000(string file) => Jpeg2000.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}

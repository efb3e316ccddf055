using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Cli.Commands;

/// <summary>The <c>--roi</c> argument: a GeoJSON file or WKT in EPSG:4326, parsed and validated by <see cref="S2Roi"/>.</summary>
public static partial class RoiArgument
{
    /// <summary>Reads and validates the region; errors name the <c>--roi</c> option and its value.</summary>
    /// <exception cref="InvalidRoiException">A file that does not exist, or neither a GeoJSON file nor WKT of a valid polygon.</exception>
    public static Geometry Load(string value)
    {
        if (!File.Exists(value) && LooksLikePath(value))
        {
            throw new InvalidRoiException(
                $"--roi '{value}': the file does not exist (looked for {Path.GetFullPath(value)}). Give an existing GeoJSON file, or the region as WKT, such as \"POLYGON ((lon lat, ...))\".");
        }

        try
        {
            return S2Roi.Load(value);
        }
        catch (InvalidRoiException e)
        {
            throw new InvalidRoiException($"--roi: {e.Message}", e);
        }
    }

    // Not GeoJSON text, not WKT ("POLYGON ((", "MULTIPOLYGON Z ((", "POINT EMPTY"), and shaped like a file name.
    private static bool LooksLikePath(string value)
    {
        string text = value.Trim();
        if (text.Length == 0 || text.StartsWith('{') || WktStart().IsMatch(text))
        {
            return false;
        }

        return text.Contains('/') || text.Contains('\\') || Path.HasExtension(text);
    }

    [GeneratedRegex(@"^[A-Za-z]+\s*(ZM|Z|M)?\s*(\(|EMPTY)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WktStart();
}

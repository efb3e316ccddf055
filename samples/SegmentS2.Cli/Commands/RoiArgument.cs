using NetTopologySuite.Geometries;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Cli.Commands;

/// <summary>The <c>--roi</c> argument: a GeoJSON file or WKT in EPSG:4326, parsed and validated by <see cref="S2Roi"/>.</summary>
public static class RoiArgument
{
    /// <summary>Reads and validates the region; errors name the <c>--roi</c> option.</summary>
    /// <exception cref="InvalidRoiException">Neither a GeoJSON file nor WKT of a valid polygon.</exception>
    public static Geometry Load(string value)
    {
        try
        {
            return S2Roi.Load(value);
        }
        catch (InvalidRoiException e)
        {
            throw new InvalidRoiException($"--roi: {e.Message}", e);
        }
    }
}

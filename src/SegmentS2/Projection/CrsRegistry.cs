using ProjNet.CoordinateSystems;

namespace SegmentS2.Projection;

/// <summary>
/// The coordinate reference systems Sentinel-2 work needs, by EPSG code: WGS 84 geographic,
/// Web Mercator and the 120 WGS 84 / UTM zones. ProjNET ships no EPSG database, so these are built
/// from its well-known definitions.
/// </summary>
public static class CrsRegistry
{
    /// <summary>EPSG code of WGS 84 geographic coordinates (longitude, latitude in degrees).</summary>
    public const int Wgs84 = 4326;

    /// <summary>EPSG code of WGS 84 / Pseudo-Mercator.</summary>
    public const int WebMercator = 3857;

    /// <summary>True when <paramref name="epsg"/> can be used.</summary>
    public static bool IsSupported(int epsg) => epsg is Wgs84 or WebMercator or 900913 || IsUtm(epsg);

    /// <summary>True for WGS 84 / UTM codes (326zz north, 327zz south).</summary>
    public static bool IsUtm(int epsg) => epsg is >= 32601 and <= 32660 or >= 32701 and <= 32760;

    /// <summary>The WGS 84 / UTM EPSG code of the zone holding a longitude and latitude.</summary>
    public static int UtmEpsgFor(double longitude, double latitude)
    {
        if (!double.IsFinite(longitude) || !double.IsFinite(latitude) || latitude < -90 || latitude > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), $"({longitude}, {latitude}) is not a WGS 84 longitude and latitude.");
        }

        double lon = ((longitude + 180) % 360 + 360) % 360 - 180;
        int zone = Math.Clamp((int)Math.Floor((lon + 180) / 6) + 1, 1, 60);
        return (latitude >= 0 ? 32600 : 32700) + zone;
    }

    /// <summary>The coordinate system of an EPSG code.</summary>
    /// <exception cref="UnsupportedCrsException">The code is not one of the supported systems.</exception>
    public static CoordinateSystem Get(int epsg)
    {
        if (epsg == Wgs84)
        {
            return GeographicCoordinateSystem.WGS84;
        }

        if (epsg is WebMercator or 900913)
        {
            return ProjectedCoordinateSystem.WebMercator;
        }

        if (epsg is >= 32601 and <= 32660)
        {
            return ProjectedCoordinateSystem.WGS84_UTM(epsg - 32600, true);
        }

        if (epsg is >= 32701 and <= 32760)
        {
            return ProjectedCoordinateSystem.WGS84_UTM(epsg - 32700, false);
        }

        throw new UnsupportedCrsException(epsg);
    }
}

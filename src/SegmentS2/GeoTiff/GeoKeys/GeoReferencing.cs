using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.GeoKeys;

/// <summary>Where an image lies: its CRS as an EPSG code and its pixel-to-map transform.</summary>
/// <param name="Epsg">EPSG code of the projected or geographic CRS; null when the file declares none or a user-defined one.</param>
/// <param name="GeoTransform">The transform in GDAL's convention (PixelIsPoint files shifted by half a pixel); null without one.</param>
/// <param name="IsPixelIsPoint">True when GTRasterTypeGeoKey says RasterPixelIsPoint.</param>
internal sealed record GeoReferencing(int? Epsg, GeoTransform? GeoTransform, bool IsPixelIsPoint)
{
    /// <summary>No georeferencing.</summary>
    public static GeoReferencing None { get; } = new(null, null, false);
}

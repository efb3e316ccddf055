namespace SegmentS2.GeoTiff.Constants;

/// <summary>The GeoKeys the reader interprets (GeoTIFF 1.1, OGC 19-008r4).</summary>
internal enum GeoKey : ushort
{
    /// <summary>1 projected, 2 geographic, 3 geocentric.</summary>
    GTModelType = 1024,
    /// <summary>1 PixelIsArea, 2 PixelIsPoint.</summary>
    GTRasterType = 1025,
    /// <summary>EPSG code of the geographic CRS (GeodeticCRSGeoKey in GeoTIFF 1.1).</summary>
    GeographicType = 2048,
    /// <summary>EPSG code of the projected CRS.</summary>
    ProjectedCSType = 3072,
}

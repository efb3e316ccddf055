namespace SegmentS2.GeoTiff.Constants;

/// <summary>The GeoKeys the reader interprets and the writer writes (GeoTIFF 1.1, OGC 19-008r4).</summary>
internal enum GeoKey : ushort
{
    /// <summary>1 projected, 2 geographic, 3 geocentric.</summary>
    GTModelType = 1024,
    /// <summary>1 PixelIsArea, 2 PixelIsPoint.</summary>
    GTRasterType = 1025,
    /// <summary>EPSG code of the geographic CRS (GeodeticCRSGeoKey in GeoTIFF 1.1).</summary>
    GeographicType = 2048,
    /// <summary>EPSG code of the angular unit of a geographic CRS (written, not read).</summary>
    GeogAngularUnits = 2054,

    /// <summary>EPSG code of the projected CRS.</summary>
    ProjectedCSType = 3072,

    /// <summary>EPSG code of the linear unit of a projected CRS (written, not read).</summary>
    ProjLinearUnits = 3076,
}

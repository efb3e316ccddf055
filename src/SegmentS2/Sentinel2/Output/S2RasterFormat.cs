namespace SegmentS2.Sentinel2.Output;

/// <summary>Sample format of an <c>s2_raster</c> GeoTIFF.</summary>
public enum S2RasterFormat
{
    /// <summary>
    /// UInt16 digital numbers as stored by the product (nodata 0), with each band's reflectance scale
    /// and offset recorded as GDAL band scale/offset. Bilinear-resampled values are rounded.
    /// </summary>
    DigitalNumbers,

    /// <summary>
    /// Float32 reflectance (DN * scale + offset, BOA offset included when it applies), nodata NaN:
    /// with the BOA offset a valid pixel can be exactly 0.0, so 0 cannot mark nodata here. SCL stays its class.
    /// </summary>
    Reflectance,
}

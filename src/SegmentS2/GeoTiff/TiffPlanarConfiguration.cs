namespace SegmentS2.GeoTiff;

/// <summary>Values of the TIFF <c>PlanarConfiguration</c> tag (284): how the bands of a pixel are stored.</summary>
public enum TiffPlanarConfiguration : ushort
{
    /// <summary>Bands interleaved pixel by pixel in each block (GDAL's <c>INTERLEAVE=PIXEL</c>).</summary>
    Contiguous = 1,
    /// <summary>Each band in its own blocks (GDAL's <c>INTERLEAVE=BAND</c>).</summary>
    Separate = 2,
}

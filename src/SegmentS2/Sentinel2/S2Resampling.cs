namespace SegmentS2.Sentinel2;

/// <summary>How 20 m and 60 m bands are resampled to the 10 m grid.</summary>
public enum S2Resampling
{
    /// <summary>Nearest neighbour (the default; keeps DNs exact).</summary>
    Nearest,

    /// <summary>Bilinear interpolation (nodata neighbours excluded).</summary>
    Bilinear,
}

namespace SegmentS2.Sentinel2.Clouds;

/// <summary>Values of the per-pixel cloud mask built from SCL.</summary>
public enum S2PixelMask : byte
{
    /// <summary>A valid pixel without cloud or shadow.</summary>
    Clear = 0,

    /// <summary>Cloud shadow, medium or high probability cloud, or thin cirrus (SCL 3, 8, 9, 10).</summary>
    Cloud = 1,

    /// <summary>No data (SCL 0).</summary>
    NoData = 255,
}

namespace SegmentS2.Sentinel2.Clouds;

/// <summary>Cloud counts over a window.</summary>
/// <param name="ValidPixels">Pixels with data (SCL not 0).</param>
/// <param name="CloudyPixels">Valid pixels that are cloud, cloud shadow or cirrus.</param>
public readonly record struct S2CloudStats(long ValidPixels, long CloudyPixels)
{
    /// <summary>Cloudy share of the valid pixels (0..1), or null when no pixel has data.</summary>
    public double? Fraction => ValidPixels == 0 ? null : (double)CloudyPixels / ValidPixels;
}

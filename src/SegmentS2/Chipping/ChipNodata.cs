namespace SegmentS2.Chipping;

/// <summary>Helps skip chips that hold no data.</summary>
internal static class ChipNodata
{
    /// <summary>
    /// True when every sample of every band equals the nodata value (the reference's <c>chip_mask.all()</c>), so the
    /// chip can be skipped: its output is all background. Samples are compared with
    /// <see cref="EqualityComparer{T}.Default"/>, so a NaN nodata value matches NaN samples. An empty span counts as
    /// all nodata.
    /// </summary>
    /// <typeparam name="T">Sample type.</typeparam>
    /// <param name="samples">The chip's samples, any layout, any number of bands.</param>
    /// <param name="nodata">The nodata value (0 for Sentinel-2).</param>
    public static bool IsAllNodata<T>(ReadOnlySpan<T> samples, T nodata)
        where T : IEquatable<T> => !samples.ContainsAnyExcept(nodata);
}

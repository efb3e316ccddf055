namespace SegmentS2.Sentinel2;

/// <summary>
/// The one rule for the end of a time range, shared by the library and the CLI: a date means the whole day. An end at
/// exactly midnight (a date without a time, as <c>new DateTimeOffset(2020, 2, 19, 0, 0, 0, TimeSpan.Zero)</c> or
/// <c>--end 2020-02-19</c>) stands for the whole of that day, up to its last instant; any other end is an instant, inclusive.
/// </summary>
public static class S2TimeRange
{
    /// <summary>The last instant a range ending at <paramref name="end"/> includes.</summary>
    public static DateTimeOffset InclusiveEnd(DateTimeOffset end) =>
        end.TimeOfDay == TimeSpan.Zero && end < DateTimeOffset.MaxValue.AddDays(-1) ? end.AddDays(1).AddTicks(-1) : end;
}

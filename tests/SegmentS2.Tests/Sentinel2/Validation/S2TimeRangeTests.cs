using SegmentS2.Sentinel2;

namespace SegmentS2.Tests.Sentinel2.Validation;

/// <summary>One rule for the end of a range in the library and the CLI: a date (an end at midnight) means the whole day.</summary>
public class S2TimeRangeTests
{
    [Fact]
    public void A_midnight_end_includes_that_whole_day()
    {
        var day = new DateTimeOffset(2020, 2, 19, 0, 0, 0, TimeSpan.Zero);
        var end = S2TimeRange.InclusiveEnd(day);
        Assert.Equal(new DateTimeOffset(2020, 2, 19, 23, 59, 59, TimeSpan.Zero).AddTicks(TimeSpan.TicksPerSecond - 1), end);
        Assert.True(new DateTimeOffset(2020, 2, 19, 11, 34, 0, TimeSpan.Zero) <= end);
    }

    [Fact]
    public void A_midnight_in_another_offset_is_that_offsets_day()
    {
        var day = new DateTimeOffset(2020, 2, 19, 0, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(day.AddDays(1).AddTicks(-1), S2TimeRange.InclusiveEnd(day));
    }

    [Fact]
    public void An_instant_stays_as_it_is()
    {
        var instant = new DateTimeOffset(2020, 2, 19, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal(instant, S2TimeRange.InclusiveEnd(instant));
        Assert.Equal(DateTimeOffset.MaxValue, S2TimeRange.InclusiveEnd(DateTimeOffset.MaxValue));
    }
}

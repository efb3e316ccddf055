using SegmentS2.Chipping;

namespace SegmentS2.Tests.Chipping;

public class ChipNodataTests
{
    [Fact]
    public void A_chip_of_only_nodata_can_be_skipped()
    {
        var samples = new ushort[3 * 64 * 64];
        Assert.True(ChipNodata.IsAllNodata<ushort>(samples, 0));
        samples[^1] = 1;
        Assert.False(ChipNodata.IsAllNodata<ushort>(samples, 0));
    }

    [Fact]
    public void Nan_nodata_matches_nan_samples()
    {
        var samples = Enumerable.Repeat(float.NaN, 100).ToArray();
        Assert.True(ChipNodata.IsAllNodata<float>(samples, float.NaN));
        samples[50] = 0;
        Assert.False(ChipNodata.IsAllNodata<float>(samples, float.NaN));
        Assert.False(ChipNodata.IsAllNodata<float>(samples, 0));
    }
}

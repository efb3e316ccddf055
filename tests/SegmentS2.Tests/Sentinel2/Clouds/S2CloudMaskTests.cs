using SegmentS2.Sentinel2.Clouds;

namespace SegmentS2.Tests.Sentinel2.Clouds;

public class S2CloudMaskTests
{
    [Fact]
    public void Cloud_classes_are_shadow_medium_high_and_cirrus()
    {
        var cloudy = Enumerable.Range(0, 12).Where(S2CloudMask.IsCloud).ToArray();
        Assert.Equal([3, 8, 9, 10], cloudy);
    }

    [Fact]
    public void Mask_and_fraction_ignore_nodata()
    {
        float[] scl = [0, 0, 4, 5, 3, 8, 9, 10, 6, 11];
        var mask = new byte[scl.Length];

        var stats = S2CloudMask.Build(scl, mask);

        Assert.Equal(8, stats.ValidPixels);
        Assert.Equal(4, stats.CloudyPixels);
        Assert.Equal(0.5, stats.Fraction);
        Assert.Equal(new byte[] { 255, 255, 0, 0, 1, 1, 1, 1, 0, 0 }, mask);
        Assert.Equal(stats, S2CloudMask.Count(scl));
    }

    [Fact]
    public void All_nodata_has_no_fraction() => Assert.Null(S2CloudMask.Count(new float[] { 0, 0 }).Fraction);
}

using SegmentS2.Chipping;

namespace SegmentS2.Tests.Chipping;

public class ChipperOptionsTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Overlap_outside_zero_to_one_is_refused_naming_the_value(double overlap)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new SpatialChipper(new ChipperOptions { SpatialOverlap = overlap }));
        Assert.Equal("SpatialOverlap", e.OptionName);
        Assert.Contains(overlap.ToString("R", System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Contains("[0, 1)", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1024)]
    public void Chip_size_must_be_positive(int size)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new SpatialChipper(new ChipperOptions { ChipSize = size }));
        Assert.Equal("ChipSize", e.OptionName);
        Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void Overlap_leaving_no_step_is_refused()
    {
        // int(1024 * (1 - 0.9999)) = int(0.1024) = 0: the reference would divide by zero.
        var e = Assert.Throws<InvalidOptionException>(() => new SpatialChipper(new ChipperOptions { SpatialOverlap = 0.9999 }));
        Assert.Contains("0.9999", e.Message);
    }

    [Theory]
    // int(1024 * (1 - overlap)) in float64, as Python computes it.
    [InlineData(0.0, 1024)]
    [InlineData(0.25, 768)]
    [InlineData(0.5, 512)]
    [InlineData(0.75, 256)]
    [InlineData(0.7, 307)] // 1 - 0.7 = 0.30000000000000004; x 1024 = 307.2 -> 307
    public void Step_truncates_like_python_int(double overlap, int step) =>
        Assert.Equal(step, new ChipperOptions { SpatialOverlap = overlap }.Step);

    [Fact]
    public void Chipper_keeps_its_own_copy_of_the_options()
    {
        var options = new ChipperOptions { SpatialOverlap = 0.75 };
        var chipper = new SpatialChipper(options);
        options.SpatialOverlap = 0.0;
        Assert.Equal(256, chipper.Step);
    }
}

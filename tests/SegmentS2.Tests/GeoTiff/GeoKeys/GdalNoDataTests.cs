using SegmentS2.GeoTiff.GeoKeys;

namespace SegmentS2.Tests.GeoTiff.GeoKeys;

public class GdalNoDataTests
{
    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("-9999", -9999.0)]
    [InlineData(" 255 ", 255.0)]
    [InlineData("-1e+30", -1e30)]
    [InlineData("3.5\0", 3.5)]
    public void Parses_numbers(string text, double expected) => Assert.Equal(expected, GdalNoData.Parse(text));

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("-nan")]
    public void Parses_nan(string text) => Assert.True(double.IsNaN(GdalNoData.Parse(text)!.Value));

    [Fact]
    public void Parses_infinities()
    {
        Assert.Equal(double.PositiveInfinity, GdalNoData.Parse("inf"));
        Assert.Equal(double.NegativeInfinity, GdalNoData.Parse("-inf"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("none")]
    public void Text_that_is_not_a_number_is_no_value(string text) => Assert.Null(GdalNoData.Parse(text));
}

using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Tests.Sentinel2.Bands;

public class S2BandsTests
{
    [Theory]
    [InlineData("R", "B04")]
    [InlineData("G", "B03")]
    [InlineData("B", "B02")]
    [InlineData("N", "B08")]
    [InlineData("b04", "B04")]
    [InlineData("B4", "B04")]
    [InlineData("b8a", "B8A")]
    [InlineData("scl", "SCL")]
    [InlineData("nir08", "B8A")]
    [InlineData("swir22", "B12")]
    [InlineData(" B11 ", "B11")]
    public void Names_and_aliases_resolve_to_band_ids(string name, string id) => Assert.Equal(id, S2Bands.Resolve(name));

    [Theory]
    [InlineData("B10")]
    [InlineData("B13")]
    [InlineData("X")]
    [InlineData("")]
    [InlineData("visual")]
    public void Unknown_band_is_refused_listing_valid_names(string name)
    {
        var ex = Assert.Throws<UnknownBandException>(() => S2Bands.Resolve(name));
        Assert.Contains($"'{name}'", ex.Message);
        Assert.Contains("B01", ex.Message);
        Assert.Contains("B8A", ex.Message);
        Assert.Contains("R = B04", ex.Message);
    }

    [Fact]
    public void Native_resolutions_follow_the_msi_design()
    {
        Assert.Equal(new[] { 60, 10, 10, 10, 20, 20, 20, 10, 20, 60, 20, 20, 20 }, S2Bands.All.Select(S2Bands.NativeResolutionOf));
    }

    [Fact]
    public void Reference_raster_has_twelve_bands_without_b10() =>
        Assert.Equal(["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12"], S2Bands.Reflectance);

    [Fact]
    public void Empty_band_list_is_refused() => Assert.Throws<ArgumentException>(() => S2Bands.ResolveAll([]));
}

using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Testing.Server;

namespace SegmentS2.Tests.Sentinel2.EarthSearch;

public sealed class EarthSearchReadTests(SyntheticScenesFixture scenes) : IClassFixture<SyntheticScenesFixture>
{
    [Theory]
    [InlineData(true, 0.0)] // COG DNs already harmonised: the declared -0.1 must not be added
    [InlineData(false, -0.1)] // the declared raster:bands offset applies
    public async Task Unsigned_cogs_read_exactly_with_the_declared_or_applied_offset(bool boaApplied, double offset)
    {
        await using var server = await LoopbackS2Server.StartAsync();
        server.AddScene(scenes.NewPair, earthSearchBoaOffsetApplied: boaApplied);
        var source = new EarthSearchSource(ServerScenes.Client(), server.CreateEarthSearchOptions());
        var roi = ServerScenes.RoiAround(32631, SyntheticScenesFixture.X0 + 1005, SyntheticScenesFixture.Y0 - 3005, SyntheticScenesFixture.X0 + 3005, SyntheticScenesFixture.Y0 - 1205);

        var scene = Assert.Single(await source.SearchAsync(new S2SearchRequest(roi, new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 6, 30, 0, 0, 0, TimeSpan.Zero))));
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(roi, ["red", "nir08", "B", "scl"]));
        var window = S2RoiWindow.Of(raster, roi);
        var data = new float[window.PixelCount * 4];
        await raster.ReadAsync(window, data);

        Assert.Equal(["B04", "B8A", "B02", "SCL"], raster.Bands.Select(b => b.Name));
        Assert.Equal(offset, raster.Bands[0].Offset);
        Assert.Equal(1e-4, raster.Bands[0].Scale);
        Assert.Equal(0, server.TokensIssued);
        Assert.True(server.Counters.Requests(ServerRoute.Blob) > 0);
        Assert.Equal(SyntheticExpectation.Window(scenes.NewPair.Tiles, ["B04", "B8A", "B02", "SCL"], raster.Epsg, raster.GeoTransform, window), data);
    }
}

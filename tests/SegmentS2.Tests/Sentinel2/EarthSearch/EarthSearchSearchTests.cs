using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Testing.Server;

namespace SegmentS2.Tests.Sentinel2.EarthSearch;

public class EarthSearchSearchTests
{
    [Fact]
    public async Task Search_pages_with_earth_search_next_tokens_and_maps_asset_names()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        for (int d = 0; d < 7; d++)
        {
            server.AddScene(ServerScenes.MetadataOnly(d, baseline: d < 3 ? "03.01" : "05.09"));
        }

        var source = new EarthSearchSource(ServerScenes.Client(), server.CreateEarthSearchOptions());
        var scenes = await source.SearchAsync(new S2SearchRequest(ServerScenes.TileRoi, ServerScenes.Start, ServerScenes.Start.AddDays(30)) { PageSize = 3 });

        Assert.Equal(7, scenes.Count);
        Assert.Equal(3, server.Counters.Requests(ServerRoute.Search));
        var newer = scenes[^1].Items.Single();
        Assert.Equal("S2A_31UDQ_20230607_0_L2A", newer.Id);
        Assert.Equal("31UDQ", newer.MgrsTile);
        Assert.Equal(8, newer.RelativeOrbit);
        Assert.True(newer.BoaOffsetApplied);
        var red = newer.FindBand("B04")!;
        Assert.Equal("red", red.Key);
        Assert.StartsWith(server.BaseUrl + "s3/sentinel-cogs/sentinel-s2-l2a-cogs/31/U/DQ/2023/6/", red.Href);
        Assert.Equal(-0.1, red.Offset);
        Assert.Equal("scl", newer.FindBand("SCL")!.Key);
        // Declared -0.1, but the DNs were already shifted: no offset on top.
        Assert.Equal(new S2BandInfo("B04", 1e-4, 0), S2Reflectance.BandInfo(newer, "B04", red, applyBoaOffset: true));
        var older = scenes[0].Items.Single();
        Assert.False(older.BoaOffsetApplied);
        Assert.Equal(new S2BandInfo("B04", 1e-4, 0), S2Reflectance.BandInfo(older, "B04", older.FindBand("B04"), applyBoaOffset: true));
    }
}

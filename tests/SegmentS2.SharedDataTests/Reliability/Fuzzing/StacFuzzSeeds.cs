using System.Text.Json.Nodes;
using SegmentS2.Raster;
using SegmentS2.Testing.Server;
using SegmentS2.Testing.Synthetic;
using SegmentS2.Tests.Reliability.Fuzzing;
using SegmentS2.Tests.Sentinel2;

namespace SegmentS2.SharedDataTests.Reliability.Fuzzing;

/// <summary>Valid STAC documents the fuzzers start from: real responses from the shared data, and loopback-server items.</summary>
internal static class StacFuzzSeeds
{
    public const string SearchUrl = "https://pc.test/api/stac/v1/search";

    /// <summary>Single items: Planetary Computer, Earth Search (real and synthetic) and the real scene's item.</summary>
    public static JsonObject[] Items()
    {
        var items = new List<JsonObject>
        {
            Load("real-world", "stac", "pc_item_sentinel-2-l2a_S2A_MSIL2A_20190101T000001_R116_T60VUK_20201007T214652.json"),
            Load("s2-29RKH-20200219", "S2A_29RKH_20200219_0_L2A.json"),
        };
        items.AddRange(Load("real-world", "stac", "earthsearch_search_sentinel-2-l2a_landsat_20231008_response.json")["features"]!.AsArray().Select(f => f!.AsObject()));
        var (scene, tile) = SyntheticTile();
        items.Add(StacItemFactory.PlanetaryComputerItem(scene, tile, path => "https://sentinel2l2a01.blob.core.windows.net/" + path));
        items.Add(StacItemFactory.EarthSearchItem(scene, tile, path => "https://es.test/s3/" + path));
        return [.. items.Select(i => (JsonObject)i.DeepClone())];
    }

    /// <summary>Search pages: a Planetary Computer page with a POST next link, Earth Search's, NAIP's GET-paged page, a synthetic page.</summary>
    public static JsonObject[] Pages()
    {
        var pc = Load("real-world", "stac", "pc_search_sentinel-2-l2a_20190101_response.json");
        var features = pc["features"]!.AsArray();
        while (features.Count > 3)
        {
            features.RemoveAt(features.Count - 1);
        }

        pc["links"]!.AsArray().Add(new JsonObject
        {
            ["rel"] = "next", ["type"] = "application/geo+json", ["method"] = "POST", ["href"] = SearchUrl,
            ["body"] = new JsonObject { ["collections"] = new JsonArray("sentinel-2-l2a"), ["token"] = "next:abc" },
        });
        var es = Load("real-world", "stac", "earthsearch_search_sentinel-2-l2a_landsat_20231008_response.json");
        var naip = Load("real-world", "stac", "pc_search_naip_paging_page1.json")["response_body"]!.AsObject();
        var (scene, tile) = SyntheticTile();
        var synthetic = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(StacItemFactory.PlanetaryComputerItem(scene, tile, path => "https://sentinel2l2a01.blob.core.windows.net/" + path),
                StacItemFactory.PlanetaryComputerItem(scene with { DateTime = scene.DateTime.AddDays(5) }, tile, path => "https://sentinel2l2a01.blob.core.windows.net/" + path)),
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = SearchUrl + "?token=next:2" }),
        };
        return [pc, es, naip, synthetic];
    }

    private static (SyntheticScene Scene, SyntheticTile Tile) SyntheticTile()
    {
        var transform = new GeoTransform(399960, 10, 0, 5400000, 0, -10);
        var bands = new Dictionary<string, SyntheticBandFile>
        {
            ["B02"] = new("B02", "/nonexistent/B02.tif", 600, 600, transform, 0, 1),
            ["B04"] = new("B04", "/nonexistent/B04.tif", 600, 600, transform, 0, 1),
            ["SCL"] = new("SCL", "/nonexistent/SCL.tif", 300, 300, transform with { Dx = 20, Dy = -20 }, 0, 1),
        };
        var tile = new SyntheticTile("31UDQ", 32631, transform, 600, 12.5, bands);
        return (new SyntheticScene(new DateTimeOffset(2023, 6, 15, 10, 36, 29, TimeSpan.Zero), "sentinel-2a", 8, "05.09", [tile]), tile);
    }

    private static JsonObject Load(params string[] path) => JsonNode.Parse(File.ReadAllText(SharedData.Path(path)))!.AsObject();
}

using System.Text.Json;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Stac;

namespace SegmentS2.Tests.Sentinel2.Scenes;

public class S2SceneGrouperTests
{
    private static S2Item Item(string id, string tile, DateTimeOffset time, string platform = "sentinel-2a", int? orbit = 8, string baseline = "05.09", double cloud = 10) => new()
    {
        Id = id,
        DateTime = time,
        MgrsTile = tile,
        Platform = platform,
        RelativeOrbit = orbit,
        ProcessingBaseline = baseline,
        CloudCover = cloud,
        Assets = new Dictionary<string, S2Asset>(),
    };

    private static readonly DateTimeOffset T = new(2023, 6, 15, 10, 36, 29, TimeSpan.Zero);

    [Fact]
    public void Items_split_by_date_platform_and_orbit()
    {
        var items = new[]
        {
            Item("a", "31UDQ", T), Item("b", "31UEQ", T.AddSeconds(3)),
            Item("c", "31UDQ", T.AddDays(5)),
            Item("d", "31UDQ", T, platform: "sentinel-2b"),
            Item("e", "31UDQ", T, orbit: 51),
        };

        var scenes = S2SceneGrouper.Group(items);

        Assert.Equal(4, scenes.Count);
        var pair = scenes.Single(s => s.Items.Count == 2);
        Assert.Equal(["a", "b"], pair.Items.Select(i => i.Id));
        Assert.Equal("S2A_20230615_R008", pair.Id);
        Assert.Equal(T, pair.DateTime);
        Assert.Equal("c", scenes[^1].Id); // single-item scenes keep the item id; oldest first
    }

    [Fact]
    public void Duplicate_tile_keeps_the_highest_baseline()
    {
        var scenes = S2SceneGrouper.Group([Item("old", "31UDQ", T, baseline: "04.00"), Item("new", "31UDQ", T, baseline: "05.09")]);
        Assert.Equal("new", Assert.Single(Assert.Single(scenes).Items).Id);
    }

    [Fact]
    public void Scene_cloud_cover_is_the_mean_of_its_tiles()
    {
        var scene = Assert.Single(S2SceneGrouper.Group([Item("a", "31UDQ", T, cloud: 10), Item("b", "31UEQ", T, cloud: 30)]));
        Assert.Equal(20, scene.CloudCover);
    }
}

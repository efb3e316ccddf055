using System.Text.Json;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Stac;

namespace SegmentS2.SharedDataTests.Sentinel2.Scenes;

/// <summary><see cref="S2SceneGrouper"/> on a search response recorded from Planetary Computer.</summary>
public class RecordedSceneGroupingTests
{
    [Fact]
    public void Planetary_computer_response_is_one_acquisition_of_33_tiles()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Stac("pc_search_sentinel-2-l2a_20190101_response.json")));
        var items = doc.RootElement.GetProperty("features").EnumerateArray().Select(StacItemParser.Parse).ToList();

        var scenes = S2SceneGrouper.Group(items);

        var scene = Assert.Single(scenes);
        Assert.Equal(33, scene.Items.Count);
        Assert.Equal(33, scene.MgrsTiles.Count);
        Assert.Equal("S2A_20190101_R116", scene.Id);
        Assert.Equal("02.12", scene.ProcessingBaseline);
    }
}

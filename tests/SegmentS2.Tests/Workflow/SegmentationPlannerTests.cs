using System.Text.Json;
using SegmentS2.Chipping;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Workflow;
using static SegmentS2.Tests.Prompts.PromptGeoJson;

namespace SegmentS2.Tests.Workflow;

public class SegmentationPlannerTests
{
    private static readonly GeoJsonPromptEncoder Encoder = new();

    private static SegmentationPlanRequest Request(int width, int height, params string[] features) =>
        new(new RasterGrid(width, height, Epsg, Transform), Encoder.ReadGeoJson(Collection(features))) { PromptsEpsg = Epsg };

    [Fact]
    public void Whole_raster_plan_has_every_chip_and_the_prompts_in_roi_pixels()
    {
        var plan = new SegmentationPlanner().Plan(Request(2048, 1024, Point(1500, 20, "\"x\"")));
        Assert.Equal(new PixelWindow(0, 0, 2048, 1024), plan.RoiWindow);
        // 2048 at step 512: starts [0, 512, 1024]; the point (1500, 20) lies in chips 1 (512..1536) and 2 (1024..2048).
        Assert.Equal(3, plan.Chips.Count);
        Assert.Equal([1, 2], plan.Chips.Where(c => c.HasPrompts).Select(c => c.Chip.Index));
        Assert.Equal(2, plan.EncodedChipCount);
        Assert.Equal(["x"], plan.PromptIds);
        Assert.Equal([988f, 20f, 0f, 0f], plan.Chips[1].Prompts[0].Calls[0].PointCoords);
    }

    [Fact]
    public void Without_roi_a_prompt_on_the_raster_edge_is_outside()
    {
        var e = Assert.Throws<PromptValidationException>(() => new SegmentationPlanner().Plan(Request(2048, 1024, Point(2048, 20, "1"))));
        Assert.Equal(PromptValidationRule.OutsideRoi, e.Rule);
    }

    [Fact]
    public void Chip_grid_errors_come_before_prompt_errors_as_in_the_reference()
    {
        Assert.Throws<RasterSmallerThanChipException>(() => new SegmentationPlanner().Plan(Request(1000, 1000, Point(10, 10, "1", "7"))));
    }

    [Fact]
    public void Json_has_exactly_the_issue_shape()
    {
        var plan = new SegmentationPlanner(new SpatialChipper(new ChipperOptions { SpatialOverlap = 0 }))
            .Plan(Request(2048, 1024, Point(100, 200, "3"), Box(50, 60, 150, 260, "3")));
        using var json = JsonDocument.Parse(SegmentationPlanJson.ToJson(plan, indented: false));
        var root = json.RootElement;
        Assert.Equal(["roiWindow", "promptIds", "chips"], root.EnumerateObject().Select(p => p.Name));
        var chip = root.GetProperty("chips")[0];
        Assert.Equal(["index", "read", "write", "prompts"], chip.EnumerateObject().Select(p => p.Name));
        var call = chip.GetProperty("prompts").GetProperty("3")[0];
        Assert.Equal(["pointCoords", "pointLabels"], call.EnumerateObject().Select(p => p.Name));
        // The point, then the box corners (50, 60) and (150, 260), labels 1, 2, 3 as integers.
        Assert.Equal("[[100,200],[50,60],[150,260]]", call.GetProperty("pointCoords").GetRawText());
        Assert.Equal("[1,2,3]", call.GetProperty("pointLabels").GetRawText());
        Assert.Equal("{}", root.GetProperty("chips")[1].GetProperty("prompts").GetRawText());
    }

    [Fact]
    public void Empty_or_unprojectable_roi_is_refused()
    {
        var request = Request(2048, 1024, Point(10, 10, "1")) with { Roi = NetTopologySuite.Geometries.Polygon.Empty };
        var e = Assert.Throws<InvalidOptionException>(() => new SegmentationPlanner().Plan(request));
        Assert.Contains("region of interest", e.Message);
        Assert.Throws<InvalidOptionException>(() => new SegmentationPlanner().Plan(request with { PointsPerBatch = 0 }));
    }
}

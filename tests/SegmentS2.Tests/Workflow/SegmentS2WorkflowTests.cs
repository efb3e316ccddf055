using SegmentS2.Tests.TestSupport;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetTopologySuite.IO;
using SegmentS2.GeoTiff;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Sentinel2.Validation;
using SegmentS2.Testing.Demo;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Workflow;

[Collection(DemoWorkflowCollection.Name)]
public class SegmentS2WorkflowTests(DemoWorkflowFixture fx)
{
    private const double DiscRadius = 40; // SamContractModelBuilder's default decoder disc

    private ServiceProvider Services(string output, Action<SegmentS2Options>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [fx.ItemPath];
            o.EncoderPath = fx.EncoderPath;
            o.DecoderPath = fx.DecoderPath;
            o.OutputDirectory = output;
            more?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }

    private SegmentS2Request Request(string promptsGeoJson) => new()
    {
        Roi = new WKTReader().Read(fx.Scene.RoiWkt()),
        Start = DemoScene.DateTime.AddDays(-5),
        End = DemoScene.DateTime.AddDays(5),
        Prompts = PromptInput.FromGeoJson(promptsGeoJson),
    };

    // Prompts at fractional pixel positions (scene pixels), so no expected pixel sits on a decision boundary.
    private (string GeoJson, (double X, double Y) Point7, (double X0, double Y0, double X1, double Y1) Box12, (double X, double Y) Point3) Prompts()
    {
        var parcels = fx.Scene.PickParcels();
        var p7 = (X: parcels[0].CentreCol + 0.31, Y: parcels[0].CentreRow + 0.27);
        var b = parcels[1];
        var box12 = (X0: b.Col + 5.3, Y0: b.Row + 6.3, X1: b.Col + b.Width - 5.3, Y1: b.Row + b.Height - 6.3);
        var p3 = (X: parcels[2].CentreCol + 0.41, Y: parcels[2].CentreRow + 0.19);
        string Pt((double X, double Y) p)
        {
            var (lon, lat) = fx.Scene.PixelToLonLat(p.X, p.Y);
            return string.Create(CultureInfo.InvariantCulture, $"[{lon:R}, {lat:R}]");
        }

        string Feature(string geometry, int id, int label) =>
            $$$"""{"type":"Feature","geometry":{{{geometry}}},"properties":{"prompt_id":{{{id}}},"label":{{{label}}}}}""";
        var ring = string.Join(",", new[] { (box12.X0, box12.Y0), (box12.X1, box12.Y0), (box12.X1, box12.Y1), (box12.X0, box12.Y1), (box12.X0, box12.Y0) }.Select(Pt));
        string json = $$"""
            {"type":"FeatureCollection","features":[
              {{Feature($$"""{"type":"Point","coordinates":{{Pt(p7)}}}""", 7, 1)}},
              {{Feature($$"""{"type":"Polygon","coordinates":[[{{ring}}]]}""", 12, 1)}},
              {{Feature($$"""{"type":"Point","coordinates":{{Pt(p3)}}}""", 3, 1)}},
              {{Feature($$"""{"type":"Point","coordinates":{{Pt((p3.X + 150, p3.Y))}}}""", 3, 0)}}
            ]}
            """;
        return (json, p7, box12, p3);
    }

    [Fact]
    public async Task Demo_scene_masks_equal_the_contract_model_prediction_pixel_for_pixel()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        var (json, p7, box12, p3) = Prompts();
        var progress = new List<SegmentS2Progress>();
        var result = await workflow.RunAsync(Request(json), new SyncProgress<SegmentS2Progress>(progress.Add));

        var scene = Assert.Single(result.Scenes);
        Assert.Equal(new Dictionary<string, int> { ["3"] = 1, ["7"] = 2, ["12"] = 3 }, scene.PromptBands);
        Assert.Equal(32631, scene.Epsg);

        // Independent ROI window: ROI envelope in UTM -> all touched pixels of the scene grid (reference rule).
        var window = fx.RoiWindow();
        var gt = fx.Scene.GeoTransform;
        int col0 = window.Col, col1 = window.Col + window.Width, row0 = window.Row, row1 = window.Row + window.Height;
        Assert.Equal(col1 - col0, scene.Width);
        Assert.Equal(row1 - row0, scene.Height);
        Assert.Equal(gt.X0 + col0 * gt.Dx, scene.GeoTransform.X0, 6);
        Assert.Equal(gt.Y0 + row0 * gt.Dy, scene.GeoTransform.Y0, 6);

        // 1413 x 1413 at overlap 0.5 -> n = ceil(389 / 512) + 1 = 2 per axis -> 4 chips.
        Assert.Equal(4, scene.ChipsTotal);
        Assert.Equal(scene.ChipsTotal, scene.ChipsEncoded + scene.ChipsSkipped);
        Assert.True(scene.ChipsEncoded >= 1);

        await using var reader = await GeoTiffReader.OpenAsync(scene.SegmentationMaskPath);
        var image = reader.Image;
        Assert.Equal(3, image.BandCount);
        Assert.Equal(RasterDataType.Byte, image.DataType);
        int w = image.Width, h = image.Height;
        var band = new byte[w * h];

        (double X, double Y) Local((double X, double Y) p) => (p.X - col0, p.Y - row0);

        // Band 1: prompt 3, a disc around its foreground point (its background point is ignored by the model).
        await image.ReadWindowAsync(0, new PixelWindow(0, 0, w, h), band.AsMemory());
        AssertDisc(band, w, h, Local(p3));
        // Band 2: prompt 7, a disc.
        await image.ReadWindowAsync(1, new PixelWindow(0, 0, w, h), band.AsMemory());
        AssertDisc(band, w, h, Local(p7));
        // Band 3: prompt 12, the box interior cut to the box's rounded bounds.
        await image.ReadWindowAsync(2, new PixelWindow(0, 0, w, h), band.AsMemory());
        var (bx0, by0) = Local((box12.X0, box12.Y0));
        var (bx1, by1) = Local((box12.X1, box12.Y1));
        for (int r = 0; r < h; r++)
        {
            for (int c = 0; c < w; c++)
            {
                bool inside = c > bx0 && c < bx1 && r > by0 && r < by1
                    && c >= Math.Round(bx0, MidpointRounding.ToEven) && c < Math.Round(bx1, MidpointRounding.ToEven)
                    && r >= Math.Round(by0, MidpointRounding.ToEven) && r < Math.Round(by1, MidpointRounding.ToEven);
                if (Math.Min(Math.Abs(c - bx0), Math.Abs(c - bx1)) < 4 && Math.Min(Math.Abs(r - by0), Math.Abs(r - by1)) < 4)
                {
                    continue; // a corner: min(x − x1, x2 − x, ...) bends there, and its bilinear upscale rounds the corner off
                }

                Assert.True((band[r * w + c] == 1) == inside, $"box pixel ({c}, {r})");
            }
        }

        Assert.Equal(scene.ForegroundPixels["12"], band.Count(v => v == 1));
        Assert.Contains(progress, p => p.Stage == SegmentS2Stage.Segmenting && p.ChipCount == 4);
        Assert.Equal(SegmentS2Stage.Completed, progress[^1].Stage);

        // Outputs beside the mask.
        Assert.True(File.Exists(scene.S2RasterPath));
        Assert.True(File.Exists(scene.QuickLookPath));
        using (var png = SixLabors.ImageSharp.Image.Load(scene.QuickLookPath))
        {
            // Every step-th pixel, the smallest step that keeps the longer side within QuickLookWriter.MaxSide (1024).
            // Below the picture, the legend strip: one entry per prompt id (in band order) and one for the ROI outline.
            int step = (int)Math.Ceiling(Math.Max(w, h) / 1024.0);
            int pw = (w + step - 1) / step;
            var ids = scene.PromptBands.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList();
            Assert.Equal((pw, (h + step - 1) / step + SegmentS2.Output.QuickLookLegend.Layout(pw, ids).Height), (png.Width, png.Height));
        }

        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
        Assert.Empty(Directory.GetFiles(output, ".*"));
    }

    private static void AssertDisc(byte[] band, int w, int h, (double X, double Y) centre)
    {
        int checkedPixels = 0;
        for (int r = 0; r < h; r++)
        {
            for (int c = 0; c < w; c++)
            {
                double d2 = (c - centre.X) * (c - centre.X) + (r - centre.Y) * (r - centre.Y);
                if (Math.Abs(d2 - DiscRadius * DiscRadius) < 8.1)
                {
                    // The decoder draws its logits on a 4 px grid and upscales them bilinearly, as SAM does: that moves
                    // the edge of R² − d² by at most (4² / 4 + 4² / 4) / 2R = 0.1 px, so pixels this close to the circle
                    // depend on the chip's origin (SamContractDecoderOracle computes them exactly).
                    continue;
                }

                Assert.True((band[r * w + c] == 1) == (d2 < DiscRadius * DiscRadius), $"disc pixel ({c}, {r}) around ({centre.X}, {centre.Y})");
                checkedPixels++;
            }
        }

        Assert.True(checkedPixels > w * h - 200);
    }

    [Fact]
    public async Task Gdal_reads_the_mask_and_ogr_reads_the_polygons()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var result = await sp.GetRequiredService<SegmentS2Workflow>().RunAsync(Request(Prompts().GeoJson));
        var scene = Assert.Single(result.Scenes);

        using var info = JsonDocument.Parse(ExternalTool.Run("gdalinfo", "-json", scene.SegmentationMaskPath));
        var root = info.RootElement;
        string wkt = root.GetProperty("coordinateSystem").GetProperty("wkt").GetString()!;
        Assert.Contains("WGS 84 / UTM zone 31N", wkt);
        Assert.EndsWith("ID[\"EPSG\",32631]]", wkt.Replace(" ", "").Replace("\n", ""));
        var gdalGt = root.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(scene.GeoTransform.ToArray(), gdalGt);
        var bands = root.GetProperty("bands").EnumerateArray().ToArray();
        Assert.Equal(["mask_prompt_3", "mask_prompt_7", "mask_prompt_12"], bands.Select(b => b.GetProperty("description").GetString()));
        Assert.All(bands, b => Assert.Equal("Byte", b.GetProperty("type").GetString()));

        string ogr = ExternalTool.Run("ogrinfo", "-al", "-so", scene.PolygonsPath!);
        Assert.Contains("Feature Count: 3", ogr);
        Assert.Contains("prompt_id", ogr);
        Assert.Contains("area_m2", ogr);
        string features = ExternalTool.Run("ogrinfo", "-al", "-q", "-where", "prompt_id = '12'", scene.PolygonsPath!);
        // pixel_count = foreground pixels of the band; area_m2 = pixel_count x 100 m2 (10 m pixels)
        long pixels = scene.ForegroundPixels["12"];
        Assert.Matches(string.Create(CultureInfo.InvariantCulture, $@"pixel_count \(Integer(64)?\) = {pixels}\b"), features);
        Assert.Matches(string.Create(CultureInfo.InvariantCulture, $@"area_m2 \((Integer(64)?|Real)\) = {pixels * 100}\b"), features);
        Assert.Contains("MULTIPOLYGON", features);
    }

    [Fact]
    public async Task Reprompting_the_same_scene_runs_the_encoder_zero_times()
    {
        await using var sp = Services(fx.NewOutputDirectory());
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        var sam = sp.GetRequiredService<ISamSession>();
        var (json, p7, _, _) = Prompts();
        var first = await workflow.RunAsync(Request(json));
        long encoderRuns = sam.EncoderRuns;
        Assert.Equal(first.Scenes[0].ChipsEncoded, encoderRuns);

        // New prompts on the same chips: a single point near prompt 7.
        var (lon, lat) = fx.Scene.PixelToLonLat(p7.X + 3.5, p7.Y - 2.5);
        string other = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon:R}}},{{{lat:R}}}]},"properties":{"prompt_id":"field-a","label":1}}]}""");
        var second = await workflow.RunAsync(Request(other) with { OutputDirectory = fx.NewOutputDirectory() });
        Assert.True(second.Scenes[0].ChipsEncoded >= 1);
        Assert.Equal(encoderRuns, sam.EncoderRuns);
        Assert.Equal(new Dictionary<string, int> { ["field-a"] = 1 }, second.Scenes[0].PromptBands);
    }

    [Fact]
    public async Task Cancelling_mid_run_leaves_no_files()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<SegmentS2Progress>(p =>
        {
            if (p.Stage == SegmentS2Stage.Segmenting && p.ChipIndex >= 1)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workflow.RunAsync(Request(Prompts().GeoJson), progress, cts.Token));
        Assert.False(Directory.Exists(output)); // no file, and not the empty folder either
    }

    [Fact]
    public async Task Bad_requests_get_typed_errors_naming_the_culprit()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        string json = Prompts().GeoJson;

        var reversed = Request(json) with { Start = DemoScene.DateTime, End = DemoScene.DateTime.AddDays(-1) };
        await Assert.ThrowsAsync<InvalidTimeRangeException>(() => workflow.RunAsync(reversed));

        string file = Path.Combine(fx.Root, "not-a-folder.txt");
        await File.WriteAllTextAsync(file, "x");
        var ex = await Assert.ThrowsAsync<SegmentS2Exception>(() => workflow.RunAsync(Request(json) with { OutputDirectory = Path.Combine(file, "sub") }));
        Assert.Contains("not writable", ex.Message);

        // A prompt far outside the ROI (reference rule 3).
        string outside = """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[10.0, 10.0]},"properties":{"prompt_id":1,"label":1}}]}""";
        var pe = await Assert.ThrowsAsync<PromptValidationException>(() => workflow.RunAsync(Request(outside)));
        Assert.Contains("prompt_id", pe.Message);

        // Another time range: no scene.
        var none = Request(json) with { Start = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2019, 2, 1, 0, 0, 0, TimeSpan.Zero) };
        await Assert.ThrowsAsync<SegmentS2.Sentinel2.Scenes.NoScenesFoundException>(() => workflow.RunAsync(none));
        Assert.False(Directory.Exists(output)); // no file, and not the empty folder either
    }

    [Fact]
    public void Options_out_of_range_fail_at_resolution_with_the_option_named()
    {
        using var sp = Services(fx.NewOutputDirectory(), o => o.SpatialOverlap = 1.5);
        // Hosts see the options pattern's exception (docs/configuration.md), its failure naming the option and the value.
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<SegmentS2Options>>().Value);
        var failure = Assert.Single(ex.Failures);
        Assert.Contains("SpatialOverlap", failure);
        Assert.Contains("1.5", failure);
    }
}

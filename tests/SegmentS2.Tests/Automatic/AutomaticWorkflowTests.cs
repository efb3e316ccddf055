using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO;
using SegmentS2.Automatic;
using SegmentS2.Chipping;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Tests.Sam;
using SegmentS2.Tests.TestSupport;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Automatic;

/// <summary>The scene and a contract model whose discs pass the reference's filters (iou = embedding mean + 0.95).</summary>
public sealed class AutomaticFixture : IAsyncLifetime
{
    public const float DiscRadius = 40f;

    public string Root { get; } = Directory.CreateTempSubdirectory("segment-s2-auto").FullName;

    public DemoScene Scene { get; } = DemoScene.Create(1536);

    public string ItemPath { get; private set; } = "";

    public string EncoderPath => Path.Combine(Root, "models", "encoder.onnx");

    public string DecoderPath => Path.Combine(Root, "models", "decoder.onnx");

    public async Task InitializeAsync()
    {
        ItemPath = await Scene.WriteAsync(Path.Combine(Root, "scene"));
        SamContractModelBuilder.WriteEncoder(EncoderPath, SamEncoderLayout.NchwNormalized);
        SamContractModelBuilder.WriteDecoder(DecoderPath, new SamContractModelOptions { IouOffset = 0.95f, DiscRadius = DiscRadius });
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>RunAutomaticAsync</c> end to end through ONNX Runtime with the contract model, whose decoder draws a disc of radius 40
/// around each point: the outputs agree with each other (raster bands, GeoPackage rows, GDAL's reading of both), every
/// band is one of the grid's discs, no two kept boxes overlap beyond the NMS threshold, every grid point is covered, and
/// bad parameters, empty results and cancellation behave.
/// </summary>
public sealed class AutomaticWorkflowTests(AutomaticFixture fx) : IClassFixture<AutomaticFixture>
{
    private static readonly AutomaticSegmentationParameters Parameters = new() { PointsPerSide = 4, PredIouThresh = 0.5 };

    private ServiceProvider Services(string output)
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
        });
        return services.BuildServiceProvider();
    }

    private AutomaticSegmentationRequest Request(AutomaticSegmentationParameters parameters, string output) => new()
    {
        Roi = new WKTReader().Read(fx.Scene.RoiWkt()),
        Start = DemoScene.DateTime.AddDays(-5),
        End = DemoScene.DateTime.AddDays(5),
        Parameters = parameters,
        OutputDirectory = output,
    };

    [Fact]
    public async Task Run_WritesDiscsOfTheGrid_AsRasterBandsAndGeoPackageRows_ThatGdalReads()
    {
        string output = Path.Combine(fx.Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        await using var provider = Services(output);
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();
        var reports = new List<SegmentS2Progress>();
        var result = await workflow.RunAutomaticAsync(Request(Parameters, output), new SyncProgress<SegmentS2Progress>(reports.Add));

        var scene = Assert.Single(result.Scenes);
        Assert.Equal(scene.ChipsTotal, scene.ChipsEncoded);
        Assert.Equal(16L * scene.ChipsEncoded, scene.PromptsDecoded);
        Assert.Equal(scene.PromptsDecoded, scene.MasksFiltered); // every disc passes both filters
        Assert.Equal(scene.MasksKept, scene.Segments);
        Assert.Contains(reports, r => r.Stage == SegmentS2Stage.Segmenting && r.ChipIndex == scene.ChipsTotal);
        Assert.True(File.Exists(scene.S2RasterPath));
        Assert.True(File.Exists(scene.QuickLookPath));
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(output, ".*")));

        // The grid points of every chip, in ROI-window pixels (the chip grid itself is tested against the reference elsewhere).
        var grid = new SpatialChipper().Plan(1536, 1536, fx.Scene.GeoTransform,
            SegmentS2.Projection.CrsTransform.Create(4326, DemoScene.Epsg).Transform(new WKTReader().Read(fx.Scene.RoiWkt())).EnvelopeInternal);
        var centres = grid.Chips.SelectMany(c => Enumerable.Range(0, 16).Select(i => (X: c.Read.Col + 128 + 256 * (i / 4), Y: c.Read.Row + 128 + 256 * (i % 4)))).Distinct().ToList();

        // On this grid distinct centres are at least 2 x 40 px apart on an axis: their discs' boxes are disjoint, no NMS
        // suppresses any, and no disc touches its chip's border, so one band per distinct centre remains.
        Assert.All(centres, c => Assert.All(centres.Where(o => o != c), o => Assert.True(Math.Abs(o.X - c.X) >= 80 || Math.Abs(o.Y - c.Y) >= 80)));
        Assert.Equal(centres.Count, scene.MasksKept);

        await using var reader = await GeoTiffReader.OpenAsync(scene.SegmentationMaskPath!);
        Assert.Equal(scene.MasksKept, reader.Image.BandCount);
        Assert.Equal((scene.Width, scene.Height), (reader.Image.Width, reader.Image.Height));
        var plane = new byte[scene.Width * scene.Height];
        var boxes = new List<(int X0, int Y0, int X1, int Y1)>();
        var counts = new List<long>();
        for (int b = 0; b < reader.Image.BandCount; b++)
        {
            Assert.Equal($"mask_{b}", reader.Image.BandDescriptions[b]);
            await reader.Image.ReadWindowAsync(b, new PixelWindow(0, 0, scene.Width, scene.Height), plane.AsMemory());
            var pixels = Enumerable.Range(0, plane.Length).Where(i => plane[i] != 0).Select(i => (X: i % scene.Width, Y: i / scene.Width)).ToList();
            Assert.NotEmpty(pixels);
            counts.Add(pixels.Count);
            boxes.Add((pixels.Min(p => p.X), pixels.Min(p => p.Y), pixels.Max(p => p.X), pixels.Max(p => p.Y)));
            // One grid point's disc: every pixel within the radius of it, and (inside the window) all of the disc.
            var centre = centres.Single(c => pixels.All(p => Math.Pow(p.X - c.X, 2) + Math.Pow(p.Y - c.Y, 2) < AutomaticFixture.DiscRadius * AutomaticFixture.DiscRadius));
            Assert.InRange(pixels.Count, 4900, 5100); // pi x 40^2 = 5027
        }

        for (int i = 0; i < boxes.Count; i++)
        {
            for (int j = i + 1; j < boxes.Count; j++)
            {
                Assert.True(Iou(boxes[i], boxes[j]) <= 0.5, $"bands {i} and {j} overlap by IoU {Iou(boxes[i], boxes[j])}");
            }
        }

        Assert.All(centres.Where(c => c.X < scene.Width && c.Y < scene.Height),
            c => Assert.Contains(boxes, b => c.X >= b.X0 && c.X <= b.X1 && c.Y >= b.Y0 && c.Y <= b.Y1));

        // GDAL reads the GeoPackage: 2D multipolygons in EPSG:4326, valid, one row per band with its pixel count and area.
        string rows = PythonOracle.RunInline("""
            import sys
            from osgeo import ogr
            ds = ogr.Open(sys.argv[1])
            layer = ds.GetLayerByName("segments")
            print(ogr.GeometryTypeToName(layer.GetGeomType()), layer.GetSpatialRef().GetAuthorityCode(None), layer.GetFeatureCount())
            for f in layer:
                g = f.GetGeometryRef()
                print(f.GetField("segment_id"), f.GetField("pixel_count"), f.GetField("area_m2"), int(g.IsValid()), g.CoordinateDimension(), round(f.GetField("score"), 4))
            """, [result.SegmentsPath]);
        var lines = rows.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Multi Polygon 4326 {scene.MasksKept}", lines[0]);
        for (int b = 0; b < scene.MasksKept; b++)
        {
            var f = lines[b + 1].Split(' ');
            Assert.Equal(b.ToString(System.Globalization.CultureInfo.InvariantCulture), f[0]);
            Assert.Equal(counts[b], long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(counts[b] * 100.0, double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), 6);
            Assert.Equal("1", f[3]);
            Assert.Equal("2", f[4]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OnlyTheLastChip_AsksTheEncoderAndTheDecoderToGiveTheirMemoryBack_UnlessTheOptionIsOff(bool release)
    {
        string output = Path.Combine(fx.Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        var recorder = new ReleaseHintRecorder(OnnxSamSession.Load(fx.EncoderPath, fx.DecoderPath, new SamSessionOptions { EmbeddingCacheBytes = 0 }));
        await using var provider = RecordingServices(recorder, output, release);
        var result = await provider.GetRequiredService<SegmentS2Workflow>().RunAutomaticAsync(Request(Parameters, output));

        var scene = Assert.Single(result.Scenes);
        Assert.True(scene.ChipsEncoded >= 2);
        var expected = Enumerable.Repeat(false, scene.ChipsEncoded - 1).Append(release);
        Assert.Equal(expected, recorder.Hints);
        Assert.Equal(expected, recorder.DecodeHints); // one point-grid decode per chip (no crop layers)
    }

    // The mask-only workflow on the fixture's scene, its SAM session recorded.
    private ServiceProvider RecordingServices(ReleaseHintRecorder recorder, string output, bool release = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ISamSession>(_ => recorder); // made by a factory, so the provider disposes it
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [fx.ItemPath];
            o.EncoderPath = fx.EncoderPath;
            o.DecoderPath = fx.DecoderPath;
            o.OutputDirectory = output;
            o.Outputs = SegmentS2Outputs.Mask;
            o.ReleaseEncoderMemoryAfterRun = release;
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task CropLayers_EncodeEachCropResizedToTheModel_AndReturnItsMasksAtTheCropsOwnScale()
    {
        // One crop layer without overlap: four 512 px quarters per chip, each resized to 1024 for the encoder. The contract
        // decoder draws a disc of radius 40 in the model's 1024 px frame; SAM's automatic mask generator (and SegmentS2)
        // return a crop's masks at the crop's size, so a quarter's discs have radius 40 x 512 / 1024 = 20 chip pixels. The
        // reference's uncrop_masks would instead resize boolean masks bilinearly and swap the box axes (docs/automatic.md).
        // Half a pixel of slack on the radius: the crop's pixel centres land between the model's after the halving.
        string output = Path.Combine(fx.Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        var recorder = new ReleaseHintRecorder(OnnxSamSession.Load(fx.EncoderPath, fx.DecoderPath, new SamSessionOptions { EmbeddingCacheBytes = 0 }));
        await using var provider = RecordingServices(recorder, output);
        var parameters = Parameters with { PointsPerSide = 2, NCropLayers = 1, CropOverlapRatio = 0 };
        var result = await provider.GetRequiredService<SegmentS2Workflow>().RunAutomaticAsync(Request(parameters, output));

        var scene = Assert.Single(result.Scenes);
        // Per chip: the chip and its four quarters are encoded and decoded, each with its own 2 x 2 grid.
        Assert.Equal(5 * scene.ChipsEncoded, recorder.Hints.Count);
        Assert.Equal(5 * scene.ChipsEncoded, recorder.DecodeHints.Count);
        Assert.Equal(20L * scene.ChipsEncoded, scene.PromptsDecoded);

        var grid = new SpatialChipper().Plan(1536, 1536, fx.Scene.GeoTransform,
            SegmentS2.Projection.CrsTransform.Create(4326, DemoScene.Epsg).Transform(new WKTReader().Read(fx.Scene.RoiWkt())).EnvelopeInternal);
        var whole = grid.Chips.SelectMany(c => new[] { 256, 768 }.SelectMany(x => new[] { 256, 768 }.Select(y => (X: c.Read.Col + x, Y: c.Read.Row + y)))).ToHashSet();
        var quarters = grid.Chips.SelectMany(c => new[] { 128, 384, 640, 896 }.SelectMany(x => new[] { 128, 384, 640, 896 }.Select(y => (X: c.Read.Col + x, Y: c.Read.Row + y)))).ToHashSet();

        await using var reader = await GeoTiffReader.OpenAsync(scene.SegmentationMaskPath!);
        var plane = new byte[scene.Width * scene.Height];
        int big = 0, small = 0;
        for (int b = 0; b < reader.Image.BandCount; b++)
        {
            await reader.Image.ReadWindowAsync(b, new PixelWindow(0, 0, scene.Width, scene.Height), plane.AsMemory());
            var pixels = Enumerable.Range(0, plane.Length).Where(i => plane[i] != 0).Select(i => (X: i % scene.Width, Y: i / scene.Width)).ToList();
            bool Within((int X, int Y) c, double r) => pixels.All(p => Math.Pow(p.X - c.X, 2) + Math.Pow(p.Y - c.Y, 2) < r * r);
            if (pixels.Count > 3000)
            {
                Assert.Contains(whole, c => Within(c, 40));
                Assert.InRange(pixels.Count, 4900, 5100); // pi x 40^2 = 5027
                big++;
            }
            else
            {
                Assert.True(quarters.Any(c => Within(c, 20.5)), $"band {b}: {pixels.Count} px around ({pixels.Average(p => p.X):0.0}, {pixels.Average(p => p.Y):0.0}), box {pixels.Min(p => p.X)}..{pixels.Max(p => p.X)} x {pixels.Min(p => p.Y)}..{pixels.Max(p => p.Y)}; chips at {string.Join(" ", grid.Chips.Select(c => $"({c.Read.Col},{c.Read.Row})"))}");
                Assert.InRange(pixels.Count, 1200, 1320); // pi x 20^2 = 1257: the crop's own scale, not dilated
                small++;
            }
        }

        Assert.True(big > 0 && small > 0, $"{big} whole-chip discs, {small} quarter discs");
    }

    [Fact]
    public async Task MinimumArea_DropsSegmentsFromTheGeoPackageOnly_UnlessAskedForTheRasterToo()
    {
        string output = Path.Combine(fx.Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        await using var provider = Services(output);
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();
        // Every disc is about 5,000 px of 100 m²: 600,000 m² keeps none of them as segments.
        var gpkgOnly = await workflow.RunAutomaticAsync(Request(Parameters with { MinAreaM2 = 600_000 }, output));
        var scene = Assert.Single(gpkgOnly.Scenes);
        Assert.True(scene.MasksKept > 0);
        Assert.Equal(0, scene.Segments);
        Assert.NotNull(scene.SegmentationMaskPath);

        var both = await workflow.RunAutomaticAsync(Request(Parameters with { MinAreaM2 = 600_000, MinAreaAppliesToRaster = true }, output));
        Assert.Equal(0, both.Scenes[0].MasksKept);
        Assert.Null(both.Scenes[0].SegmentationMaskPath);
        Assert.Equal("0", PythonOracle.RunInline("import sys\nfrom osgeo import ogr\nds = ogr.Open(sys.argv[1])\nprint(ds.GetLayerByName('segments').GetFeatureCount())", [both.SegmentsPath]).Trim());
    }

    [Fact]
    public async Task NoMaskPassingTheFilters_GivesNoSegments_WhereTheReferenceFails()
    {
        string output = Path.Combine(fx.Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        await using var provider = Services(output);
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();
        // Stability of a disc of radius 40 with offset 1: (40² - 1) / (40² + 1) = 0.99875, not above 0.999.
        var result = await workflow.RunAutomaticAsync(Request(Parameters with { StabilityScoreThresh = 0.999 }, output));
        var scene = Assert.Single(result.Scenes);
        Assert.Equal(0, scene.MasksFiltered);
        Assert.Null(scene.SegmentationMaskPath);
        Assert.True(File.Exists(result.SegmentsPath));
    }

    [Theory]
    [InlineData("points_per_side", 0)]
    [InlineData("pred_iou_thresh", 1.0)]
    [InlineData("stability_score_thresh", 0.0)]
    [InlineData("crop_overlap_ratio", 1.0)]
    [InlineData("chip_nms_thr", 0.0)]
    [InlineData("mask_nms_thr", double.NaN)]
    [InlineData("spatial_overlap", -0.1)]
    public async Task BadParameter_IsRefusedByName_BeforeAnyFolderIsMade(string name, double value)
    {
        var parameters = name switch
        {
            "points_per_side" => Parameters with { PointsPerSide = (int)value },
            "pred_iou_thresh" => Parameters with { PredIouThresh = value },
            "stability_score_thresh" => Parameters with { StabilityScoreThresh = value },
            "crop_overlap_ratio" => Parameters with { CropOverlapRatio = value },
            "chip_nms_thr" => Parameters with { ChipNmsThr = value },
            "mask_nms_thr" => Parameters with { MaskNmsThr = value },
            _ => Parameters with { SpatialOverlap = value },
        };
        string output = Path.Combine(fx.Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        await using var provider = Services(output);
        var error = await Assert.ThrowsAsync<InvalidOptionException>(() => provider.GetRequiredService<SegmentS2Workflow>().RunAutomaticAsync(Request(parameters, output)));
        Assert.Equal(name, error.OptionName);
        Assert.StartsWith($"{name} = ", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Cancelled_LeavesNoOutputAndNoTemporaryFile()
    {
        string output = Path.Combine(fx.Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        await using var provider = Services(output);
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<SegmentS2Progress>(p =>
        {
            if (p.Stage == SegmentS2Stage.Segmenting && p.ChipIndex >= 1)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetRequiredService<SegmentS2Workflow>().RunAutomaticAsync(Request(Parameters, output), progress, cts.Token));
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output, "*", SearchOption.AllDirectories).Any());
    }

    private static double Iou((int X0, int Y0, int X1, int Y1) a, (int X0, int Y0, int X1, int Y1) b)
    {
        double w = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0)), h = Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0));
        double areaA = (double)(a.X1 - a.X0) * (a.Y1 - a.Y0), areaB = (double)(b.X1 - b.X0) * (b.Y1 - b.Y0);
        return w * h / (areaA + areaB - w * h);
    }
}

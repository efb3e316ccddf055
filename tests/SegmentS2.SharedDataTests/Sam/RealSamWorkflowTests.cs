using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.SharedDataTests.TestSupport;
using SegmentS2.Testing.Demo;
using SegmentS2.Workflow;
using Xunit.Abstractions;

namespace SegmentS2.SharedDataTests.Sam;

/// <summary>
/// A model type's real graph (random weights, <typeparamref name="TExport"/>) through the library: its contract is detected,
/// a one-field workflow run succeeds, and the masks equal those PyTorch computes from the same weights with the reference's
/// pre- and post-processing (tools/export-sam/reference_masks.py), except near-ties. One body for every model type: a
/// derived class per type names its export and what its encoder must hold.
/// </summary>
public abstract class RealSamWorkflowTests<TExport>(TExport export, ITestOutputHelper output) : IClassFixture<TExport>
    where TExport : RealSamExport
{
    /// <summary>Pixels whose PyTorch logit is below this fraction of the mean |logit| may differ (float summation order).</summary>
    private const double NearTieFraction = 0.02;

    protected TExport Export => export;

    /// <summary>Parameters of the image encoder module (the manifest's <c>encoder_parameters</c>).</summary>
    protected abstract long ExpectedEncoderParameters { get; }

    /// <summary>Parameters the encoder's traced forward uses (<c>encoder_parameters_traced</c>).</summary>
    protected abstract long ExpectedTracedParameters { get; }

    /// <summary>Float32 values the exported encoder holds, within 1 % (constant folding changes a few).</summary>
    protected abstract long ExpectedEncoderFloats { get; }

    [Fact]
    public void Export_IsDetectedAsTheEncoderXContract()
    {
        using var session = OnnxSamSession.Load(export.EncoderPath, export.DecoderPath);

        Assert.Equal(SamEncoderLayout.NchwNormalized, session.Model.EncoderLayout);
        Assert.Equal("x", session.Model.EncoderInputName);
        Assert.Equal(1024, session.Model.ImageSize);
        Assert.Equal([1, 256, 64, 64], session.Model.EmbeddingShape);
        Assert.Equal(ExpectedEncoderParameters, export.EncoderParameters);
        Assert.Equal(ExpectedTracedParameters, export.EncoderParametersTraced);
        long bytes = new FileInfo(export.EncoderPath).Length;
        output.WriteLine($"{export.ModelType}: {export.EncoderParameters:N0} encoder parameters ({export.EncoderParametersTraced:N0} traced), encoder {bytes:N0} B, decoder {new FileInfo(export.DecoderPath).Length:N0} B");
        Assert.InRange(bytes, 0.99 * 4 * ExpectedEncoderFloats, 1.01 * 4 * ExpectedEncoderFloats);
        Assert.Equal(SamExecutionProvider.Cpu, session.ExecutionProvider);
    }

    [Fact]
    public async Task OneFieldRun_MasksEqualPyTorchReference_ExceptNearTies()
    {
        string root = Directory.CreateTempSubdirectory("segment-s2-real-sam").FullName;
        try
        {
            // A 1024 x 1024 scene and a ROI just around the three prompted fields: it grows to one 1024 chip, the whole raster.
            var scene = DemoScene.Create(1024);
            string item = await scene.WriteAsync(Path.Combine(root, "scene"));
            var picks = scene.PickParcels();
            string roiWkt = FieldRoiWkt(scene);

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSegmentS2(o =>
            {
                o.Source = S2SourceKind.LocalFiles;
                o.LocalFiles.Paths = [item];
                o.EncoderPath = export.EncoderPath;
                o.DecoderPath = export.DecoderPath;
                o.OutputDirectory = Path.Combine(root, "out");
                o.ApplyBoaOffset = false; // the reference's pixels: DN * 1e-4, no BOA offset
            });
            await using var provider = services.BuildServiceProvider();
            var workflow = provider.GetRequiredService<SegmentS2Workflow>();
            var request = new SegmentS2Request
            {
                Roi = new WKTReader().Read(roiWkt),
                Start = DemoScene.DateTime.AddDays(-1),
                End = DemoScene.DateTime.AddDays(1),
                Prompts = PromptInput.FromGeoJson(scene.PromptsGeoJson()),
            };
            var result = await workflow.RunAsync(request);

            var run = Assert.Single(result.Scenes);
            Assert.Equal(1, run.ChipsTotal);
            Assert.Equal(1, run.ChipsEncoded);
            Assert.Equal((1024, 1024), (run.Width, run.Height));
            Assert.Equal(0, run.GeoTransform.X0 - scene.GeoTransform.X0, 6);
            Assert.True(File.Exists(run.PolygonsPath));
            Assert.True(File.Exists(run.S2RasterPath));

            // The same prompts in chip pixels, straight from the scene's parcels (what PromptsGeoJson projected).
            var groups = new (string Id, object[][] Points, double[]? Box)[]
            {
                (picks[0].Id.ToString(CultureInfo.InvariantCulture), [[picks[0].CentreCol, picks[0].CentreRow, 1]], null),
                (picks[1].Id.ToString(CultureInfo.InvariantCulture), [], [picks[1].Col + 2.0, picks[1].Row + 2.0, picks[1].Col + picks[1].Width - 2.0, picks[1].Row + picks[1].Height - 2.0]),
                (picks[2].Id.ToString(CultureInfo.InvariantCulture), [[picks[2].CentreCol, picks[2].CentreRow, 1], [picks[2].Col + picks[2].Width + 12.0, picks[2].CentreRow, 0]], null),
            };
            string promptsJson = Path.Combine(root, "reference-prompts.json");
            await File.WriteAllTextAsync(promptsJson, JsonSerializer.Serialize(groups.Select(g => new { points = g.Points, box = g.Box })));
            string sceneDir = Path.GetDirectoryName(item)!;
            string referenceDir = Path.Combine(root, "reference");
            Python.Run(Path.Combine(SharedPaths.ExportTools, "reference_masks.py"),
            [
                "--model-type", export.ModelType, "--random-weights", "--seed", RealSamExport.Seed.ToString(CultureInfo.InvariantCulture),
                "--expect-weights-sha256", export.WeightsSha256,
                "--bands", Path.Combine(sceneDir, "B04.tif"), Path.Combine(sceneDir, "B03.tif"), Path.Combine(sceneDir, "B02.tif"),
                "--col", "0", "--row", "0", "--scale", "1e-4", "--offset", "0",
                "--prompts", promptsJson, "--output-dir", referenceDir,
            ], TimeSpan.FromMinutes(10));

            await using var reader = await GeoTiffReader.OpenAsync(run.SegmentationMaskPath);
            Assert.Equal(groups.Length, reader.Image.BandCount);
            var mask = new byte[1024 * 1024];
            for (int g = 0; g < groups.Length; g++)
            {
                int band = run.PromptBands[groups[g].Id] - 1;
                await reader.Image.ReadWindowAsync(band, new PixelWindow(0, 0, 1024, 1024), mask.AsMemory());
                var expected = await File.ReadAllBytesAsync(Path.Combine(referenceDir, $"mask_{g}.u8"));
                var logits = ReadFloats(Path.Combine(referenceDir, $"logits_{g}.f32"));
                double meanAbs = logits.Average(v => Math.Abs((double)v));
                Assert.True(meanAbs > 0, $"prompt {groups[g].Id}: the reference logits are all zero");
                double tie = NearTieFraction * meanAbs;
                int differing = 0, beyondTies = 0, foreground = 0;
                var firstBeyond = (Col: -1, Row: -1, Logit: 0f);
                for (int i = 0; i < mask.Length; i++)
                {
                    foreground += expected[i];
                    if (mask[i] != expected[i])
                    {
                        differing++;
                        if (Math.Abs(logits[i]) >= tie)
                        {
                            if (beyondTies++ == 0)
                            {
                                firstBeyond = (i % 1024, i / 1024, logits[i]);
                            }
                        }
                    }
                }

                int produced = mask.Count(v => v != 0);
                output.WriteLine($"{export.ModelType}, prompt {groups[g].Id}: {foreground:N0} foreground pixels in PyTorch's mask, {produced:N0} in SegmentS2's; {differing} differ, {beyondTies} beyond near-ties (|logit| >= {tie:G3})");
                Assert.True(beyondTies == 0,
                    $"prompt {groups[g].Id}: {beyondTies} pixels differ from PyTorch beyond near-ties (|logit| >= {tie:G3}), first at col {firstBeyond.Col}, row {firstBeyond.Row}, logit {firstBeyond.Logit}; {differing} differ in all, {foreground} foreground in the reference");
                Assert.True(differing <= mask.Length / 100, $"prompt {groups[g].Id}: {differing} near-tie pixels differ, over 1 %");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        return values;
    }

    /// <summary>The ROI just around the three prompted parcels of a 1024 px demo scene (WKT, EPSG:4326); it grows to the one chip.</summary>
    protected static string FieldRoiWkt(DemoScene scene)
    {
        var picks = scene.PickParcels();
        return Polygon(scene,
            Math.Max(1, picks.Min(p => p.Col) - 16), Math.Max(1, picks.Min(p => p.Row) - 16),
            Math.Min(1023, picks.Max(p => p.Col + p.Width) + 16 + 12), Math.Min(1023, picks.Max(p => p.Row + p.Height) + 16));
    }

    private static string Polygon(DemoScene scene, double col0, double row0, double col1, double row1)
    {
        var corners = new[] { (col0, row0), (col1, row0), (col1, row1), (col0, row1), (col0, row0) }
            .Select(c => scene.PixelToLonLat(c.Item1, c.Item2))
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Lon:0.#########} {c.Lat:0.#########}"));
        return $"POLYGON (({string.Join(", ", corners)}))";
    }
}

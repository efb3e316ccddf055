using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.TestSupport;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Workflow;

/// <summary>
/// <c>segment-s2 plan --json</c> against what <see cref="SegmentS2Workflow"/> actually does on the same scene, ROI and
/// prompts: the chip windows its raster is asked for and the decoder calls its SAM session receives, recorded by
/// wrappers around the real source and session.
/// </summary>
[Collection(DemoWorkflowCollection.Name)]
[Trait(Tool.Trait, Tool.Cli)]
public class PlanMatchesRunTests(DemoWorkflowFixture fx)
{
    private const int PointsPerBatch = 3;

    [Fact]
    public async Task Plan_json_equals_the_workflow_trace_of_chip_reads_and_decoder_calls()
    {
        // The ROI window of the demo scene, independently: all pixels the ROI envelope touches (reference rule).
        var expectedWindow = fx.RoiWindow();
        var gt = fx.Scene.GeoTransform;
        int col0 = expectedWindow.Col, col1 = expectedWindow.Col + expectedWindow.Width, row0 = expectedWindow.Row, row1 = expectedWindow.Row + expectedWindow.Height;
        Assert.True(col1 - col0 > 1024 && row1 - row0 > 1024, "the ROI needs more than one chip per axis");

        // Prompts in EPSG:3857 (neither the ROI's 4326 nor the raster's UTM), at ROI-window pixel positions chosen to
        // sit on chip seams (step 512 at overlap 0.5), at the ROI's corners, and in boxes spanning several chips.
        int w = col1 - col0, h = row1 - row0;
        string json = PromptsIn3857(
            (1, 1, [(511.93, 700.21), (512.04, 40.5), (1023.6, 1023.7), (300.2, 900.3), (700.7, 300.8)], null),
            (2, 1, [(0.6, 0.7), (w - 0.6, h - 0.7)], null),
            (3, 1, [(w - 0.8, 0.9)], (400.3, 450.6, 620.2, 700.1)),
            (4, 1, [], (505.4, 1000.2, 530.6, 1030.9)),
            (5, 0, [(0.7, h - 0.9)], null),
            (5, 1, [(40.2, h - 40.6)], null));
        string dir = fx.NewOutputDirectory();
        Directory.CreateDirectory(dir);
        string promptsPath = Path.Combine(dir, "prompts-3857.geojson");
        await File.WriteAllTextAsync(promptsPath, json);

        // What `plan` prints.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await Tool.RunAsync(
            ["plan", "--raster", Path.Combine(Path.GetDirectoryName(fx.ItemPath)!, "B04.tif"), "--prompts", promptsPath,
             "--prompts-crs", "EPSG:3857", "--roi", fx.Scene.RoiWkt(), "--points-per-batch", PointsPerBatch.ToString(CultureInfo.InvariantCulture), "--json"],
            stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        var plan = JsonNode.Parse(stdout.ToString())!.AsObject();

        // What `run` does.
        var trace = new Trace();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IS2Source>(sp => new RecordingSource(sp.GetRequiredService<LocalFilesSource>(), trace));
        services.AddSingleton<ISamSession>(_ => new RecordingSession(OnnxSamSession.Load(fx.EncoderPath, fx.DecoderPath), trace));
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [fx.ItemPath];
            o.EncoderPath = fx.EncoderPath;
            o.DecoderPath = fx.DecoderPath;
            o.OutputDirectory = dir;
            o.Outputs = SegmentS2Outputs.Mask;
            o.PointsPerBatch = PointsPerBatch;
        });
        await using var sp = services.BuildServiceProvider();
        var result = await sp.GetRequiredService<SegmentS2Workflow>().RunAsync(new SegmentS2Request
        {
            Roi = new WKTReader().Read(fx.Scene.RoiWkt()),
            Start = DemoScene.DateTime.AddDays(-5),
            End = DemoScene.DateTime.AddDays(5),
            Prompts = PromptInput.FromFile(promptsPath),
            PromptsEpsg = 3857,
        });
        var scene = Assert.Single(result.Scenes);

        // The ROI window: plan's, the run's output grid and the independent one agree.
        var roiWindow = plan["roiWindow"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        Assert.Equal([col0, row0, w, h], roiWindow);
        Assert.Equal((w, h), (scene.Width, scene.Height));
        Assert.Equal(gt.X0 + col0 * gt.Dx, scene.GeoTransform.X0, 6);
        Assert.Equal(gt.Y0 + row0 * gt.Dy, scene.GeoTransform.Y0, 6);
        Assert.Equal(plan["promptIds"]!.AsArray().Select(n => n!.GetValue<string>()), scene.PromptBands.OrderBy(p => p.Value).Select(p => p.Key));

        // Chips: the same count; the encoded ones are the ones plan lists with prompts, read at plan's windows,
        // each decoded with exactly plan's calls (float32 coordinates and labels, in order).
        var chips = plan["chips"]!.AsArray().Select(n => n!.AsObject()).ToList();
        Assert.Equal(chips.Count, scene.ChipsTotal);
        Assert.True(chips.Count >= 4);
        var planned = chips.Where(c => c["prompts"]!.AsObject().Count > 0).ToList();
        Assert.True(planned.Count >= 3, "prompts should spread over several chips");
        Assert.Equal(planned.Count, scene.ChipsEncoded);
        Assert.Equal(chips.Count - planned.Count, scene.ChipsSkipped);

        var traced = trace.Chips();
        Assert.Equal(planned.Count, traced.Count);
        int seamCalls = 0;
        for (int i = 0; i < planned.Count; i++)
        {
            var read = planned[i]["read"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
            var window = traced[i].Read;
            Assert.Equal(read, new[] { window.Col - col0, window.Row - row0, window.Width, window.Height });

            var expected = planned[i]["prompts"]!.ToJsonString();
            var actual = TraceJson(traced[i].Decodes);
            Assert.Equal(expected, actual);
            seamCalls += traced[i].Decodes.Sum(d => d.Calls.Count);
        }

        // Group 1's five points at PointsPerBatch 3 need two calls wherever at least four of them are in a chip.
        Assert.Contains(traced, t => t.Decodes.Any(d => d.Group.OriginalId == "1" && d.Calls.Count == 2));
        Assert.Contains(traced, t => t.Decodes.Any(d => d.BoxInChip is not null));
        Assert.True(seamCalls > planned.Count);
    }

    /// <summary>The decoder calls of one chip in plan --json's <c>prompts</c> shape, written by this test.</summary>
    private static string TraceJson(IReadOnlyList<ChipPrompt> decodes)
    {
        var prompts = new JsonObject();
        foreach (var d in decodes)
        {
            var calls = new JsonArray();
            foreach (var call in d.Calls)
            {
                var coords = new JsonArray();
                for (int i = 0; i < call.PointCount; i++)
                {
                    coords.Add(new JsonArray(JsonValue.Create(call.PointCoords[2 * i]), JsonValue.Create(call.PointCoords[2 * i + 1])));
                }

                var labels = new JsonArray(call.PointLabels.Select(l => (JsonNode)JsonValue.Create((int)l)).ToArray());
                calls.Add(new JsonObject { ["pointCoords"] = coords, ["pointLabels"] = labels });
            }

            prompts[d.Group.OriginalId] = calls;
        }

        return prompts.ToJsonString();
    }

    private string PromptsIn3857(params (int Id, int Label, (double X, double Y)[] Points, (double X0, double Y0, double X1, double Y1)? Box)[] prompts)
    {
        // ROI-window pixel -> scene pixel -> lon/lat -> EPSG:3857.
        var window = fx.RoiWindow();
        int col0 = window.Col, row0 = window.Row;
        var toMercator = CrsTransform.Create(4326, 3857);
        string Pt(double x, double y)
        {
            var (lon, lat) = fx.Scene.PixelToLonLat(col0 + x, row0 + y);
            var (mx, my) = toMercator.Transform(lon, lat);
            return string.Create(CultureInfo.InvariantCulture, $"[{mx:R}, {my:R}]");
        }

        string Feature(string geometry, int id, int label) =>
            $$$"""{"type":"Feature","geometry":{{{geometry}}},"properties":{"prompt_id":{{{id}}},"label":{{{label}}}}}""";
        var features = new List<string>();
        foreach (var (id, label, points, box) in prompts)
        {
            features.AddRange(points.Select(p => Feature($$"""{"type":"Point","coordinates":{{Pt(p.X, p.Y)}}}""", id, label)));
            if (box is { } b)
            {
                string ring = string.Join(",", Pt(b.X0, b.Y0), Pt(b.X1, b.Y0), Pt(b.X1, b.Y1), Pt(b.X0, b.Y1), Pt(b.X0, b.Y0));
                features.Add(Feature($$"""{"type":"Polygon","coordinates":[[{{ring}}]]}""", id, label));
            }
        }

        return $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";
    }

    private sealed class Trace
    {
        private readonly object _gate = new();
        private readonly List<PixelWindow> _reads = [];
        private readonly List<SamEmbedding> _embeddings = [];
        private readonly Dictionary<SamEmbedding, List<ChipPrompt>> _decodes = new(ReferenceEqualityComparer.Instance);

        public void Read(PixelWindow window)
        {
            lock (_gate)
            {
                _reads.Add(window);
            }
        }

        public void Encoded(SamEmbedding embedding)
        {
            lock (_gate)
            {
                _embeddings.Add(embedding);
                _decodes[embedding] = [];
            }
        }

        public void Decoded(SamEmbedding embedding, ChipPrompt prompt)
        {
            lock (_gate)
            {
                _decodes[embedding].Add(prompt);
            }
        }

        /// <summary>Chip reads paired in order with the encoder runs that followed them, sorted like plan's chips (row-major).</summary>
        public List<(PixelWindow Read, List<ChipPrompt> Decodes)> Chips()
        {
            lock (_gate)
            {
                Assert.Equal(_reads.Count, _embeddings.Count);
                return _reads.Select((r, i) => (r, _decodes[_embeddings[i]]))
                    .OrderBy(t => t.r.Row).ThenBy(t => t.r.Col).ToList();
            }
        }
    }

    private sealed class RecordingSource(IS2Source inner, Trace trace) : IS2Source
    {
        public string Name => inner.Name;

        public Task<IReadOnlyList<S2Scene>> SearchAsync(S2SearchRequest request, CancellationToken cancellationToken = default) =>
            inner.SearchAsync(request, cancellationToken);

        public async Task<IS2SceneRaster> OpenAsync(S2Scene scene, S2ReadRequest request, CancellationToken cancellationToken = default) =>
            new RecordingRaster(await inner.OpenAsync(scene, request, cancellationToken), trace);
    }

    private sealed class RecordingRaster(IS2SceneRaster inner, Trace trace) : IS2SceneRaster
    {
        public S2Scene Scene => inner.Scene;

        public int Epsg => inner.Epsg;

        public GeoTransform GeoTransform => inner.GeoTransform;

        public int Width => inner.Width;

        public int Height => inner.Height;

        public IReadOnlyList<S2BandInfo> Bands => inner.Bands;

        public long BytesRead => inner.BytesRead;

        public ValueTask ReadAsync(PixelWindow window, Memory<float> destination, CancellationToken cancellationToken = default)
        {
            trace.Read(window);
            return inner.ReadAsync(window, destination, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class RecordingSession(ISamSession inner, Trace trace) : SegmentS2.Tests.Sam.DelegatingSamSession(inner)
    {
        public override async ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default)
        {
            var embedding = await Inner.GetEmbeddingAsync(encoderInput, cancellationToken);
            trace.Encoded(embedding);
            return embedding;
        }

        public override ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            trace.Decoded(embedding, prompt);
            return Inner.DecodeAsync(embedding, prompt, destination, cancellationToken);
        }
    }
}

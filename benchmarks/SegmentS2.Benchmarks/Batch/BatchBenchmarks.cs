using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using SegmentS2.Batch;
using SegmentS2.DependencyInjection;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.Batch;

/// <summary>
/// 36 fields in 6 clusters on a 3072 px demo scene (the batch tests' layout): one <c>RunBatchAsync</c> (fields share
/// chips: 6 encoder runs) against one <c>RunAsync</c> per field (a 1024 px window around each field: 36 encoder runs),
/// with the SAM-contract models and the embedding cache off. Encoder runs per operation are printed after the runs as
/// <c>// encoder runs:</c> lines and recorded in benchmarks/README.md. Set <c>SEGMENTS2_SAM_DIR</c> to a folder holding
/// <c>vit_b_encoder.onnx</c> and <c>vit_b_decoder.onnx</c> (tools/export-sam) to run the same layout with that model.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private static readonly (double Col, double Row)[] Centres = [(512, 512), (1536, 512), (2560, 512), (512, 2560), (1536, 2560), (2560, 2560)];
    private static readonly (double Dx, double Dy)[] Offsets = [(-90.31, -60.27), (0.17, -75.41), (85.23, -50.39), (-70.43, 55.29), (10.37, 65.13), (95.21, 80.33)];

    private readonly List<string> _encoderRuns = [];
    private string _root = "";
    private ServiceProvider _services = null!;
    private SegmentS2Workflow _workflow = null!;
    private ISamSession _sam = null!;
    private DemoScene _scene = null!;
    private string _prompts = "";
    private List<(string Id, double X, double Y)> _fields = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Directory.CreateTempSubdirectory("segment-s2-bench-batch-").FullName;
        _scene = DemoScene.Create(3072);
        string item = await _scene.WriteAsync(Path.Combine(_root, "scene"));
        string? samDir = Environment.GetEnvironmentVariable("SEGMENTS2_SAM_DIR");
        var (encoder, decoder) = samDir is { Length: > 0 }
            ? (Path.Combine(samDir, "vit_b_encoder.onnx"), Path.Combine(samDir, "vit_b_decoder.onnx"))
            : SamContractModelBuilder.WriteDemoModels(Path.Combine(_root, "models"));
        var json = new StringBuilder("""{"type":"FeatureCollection","features":[""");
        for (int c = 0; c < Centres.Length; c++)
        {
            for (int f = 0; f < Offsets.Length; f++)
            {
                string id = $"c{c}f{f}";
                double x = Centres[c].Col + Offsets[f].Dx, y = Centres[c].Row + Offsets[f].Dy;
                _fields.Add((id, x, y));
                var (lon, lat) = _scene.PixelToLonLat(x, y);
                json.Append(_fields.Count > 1 ? "," : "").Append(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon:R}}},{{{lat:R}}}]},"properties":{"prompt_id":"{{{id}}}","label":1}}"""));
            }
        }

        _prompts = json.Append("]}").ToString();
        var services = new ServiceCollection();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [item];
            o.EncoderPath = encoder;
            o.DecoderPath = decoder;
            o.OutputDirectory = Path.Combine(_root, "out");
            o.Outputs = SegmentS2Outputs.Mask | SegmentS2Outputs.Polygons;
            o.Sam.EmbeddingCacheBytes = 0;
        });
        _services = services.BuildServiceProvider();
        _workflow = _services.GetRequiredService<SegmentS2Workflow>();
        _sam = _services.GetRequiredService<ISamSession>();
    }

    [Benchmark(Baseline = true, Description = "36 fields, one RunAsync per field")]
    public async Task<int> PerFieldAsync()
    {
        long before = _sam.EncoderRuns;
        var factory = new GeometryFactory();
        int scenes = 0;
        foreach (var (id, x, y) in _fields)
        {
            // The field's own ROI: a 200 m square around its point (the window grows to one 1024 px chip).
            var (lon0, lat0) = _scene.PixelToLonLat(x - 10, y + 10);
            var (lon1, lat1) = _scene.PixelToLonLat(x + 10, y - 10);
            var result = await _workflow.RunAsync(new SegmentS2Request
            {
                Roi = factory.ToGeometry(new Envelope(lon0, lon1, lat0, lat1)),
                Start = DemoScene.DateTime.AddDays(-1),
                End = DemoScene.DateTime.AddDays(1),
                Prompts = PromptInput.FromGeoJson(OneField(id)),
                OutputDirectory = Path.Combine(_root, "per-field", id),
            });
            scenes += result.Scenes.Count;
        }

        _encoderRuns.Add($"per field: {_sam.EncoderRuns - before}");
        return scenes;
    }

    [Benchmark(Description = "36 fields, one RunBatchAsync")]
    public async Task<int> BatchAsync()
    {
        long before = _sam.EncoderRuns;
        string output = Path.Combine(_root, "batch-" + Guid.NewGuid().ToString("N")[..8]);
        var result = await _workflow.RunBatchAsync(new BatchRequest
        {
            Prompts = PromptInput.FromGeoJson(_prompts),
            Start = DemoScene.DateTime.AddDays(-1),
            End = DemoScene.DateTime.AddDays(1),
            OutputDirectory = output,
        });
        _encoderRuns.Add($"batch: {_sam.EncoderRuns - before}");
        return result.FieldsSegmented;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var line in _encoderRuns.Distinct())
        {
            Console.WriteLine($"// encoder runs: {line}");
        }

        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    // The field's own feature, cut out of the layer.
    private string OneField(string id)
    {
        int at = _prompts.IndexOf($"\"prompt_id\":\"{id}\"", StringComparison.Ordinal);
        int start = _prompts.LastIndexOf("{\"type\":\"Feature\"", at, StringComparison.Ordinal);
        int end = _prompts.IndexOf("}}", at, StringComparison.Ordinal) + 2;
        return $$"""{"type":"FeatureCollection","features":[{{_prompts[start..end]}}]}""";
    }
}

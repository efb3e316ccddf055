using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using SegmentS2.Batch;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.Batch;

/// <summary>
/// 36 fields in 6 clusters on a 3072 px demo scene (the batch tests' layout): one <c>RunBatchAsync</c> (fields share
/// chips: 6 encoder runs) against one <c>RunAsync</c> per field (a 1024 px window around each field: 36 encoder runs),
/// with the SAM-contract models, the embedding cache off and ONNX Runtime on one thread. Encoder runs and process CPU
/// time (core-seconds) per operation are printed after the runs as <c>// encoder runs:</c> and <c>// process CPU</c>
/// lines and recorded in benchmarks/README.md. Set <c>SEGMENTS2_SAM_DIR</c> to a folder holding
/// <c>vit_b_encoder.onnx</c> and <c>vit_b_decoder.onnx</c> (tools/export-sam) to run the same layout with that model.
/// <para>The <c>field decode</c> category is the decoder's cost per field, on one chip's embedding and the six fields of
/// one cluster, four rounds per operation: before issue 16 a field cost the decoder's full-size mask of the whole chip (<c>DecodeAsync</c>, then the
/// field's window cut out); now <c>DecodeWindowAsync</c> runs the decoder without its full-size masks and upscales only
/// the field's window (128 px margin) from <c>low_res_masks</c>.</para>
/// </summary>
[Config(typeof(InProcessMonitoringConfig))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class BatchBenchmarks
{
    private const int FieldMargin = 128;
    private const int DecodeRounds = 4;
    private const int DecodesPerInvoke = 6 * DecodeRounds;

    private static readonly (double Col, double Row)[] Centres = [(512, 512), (1536, 512), (2560, 512), (512, 2560), (1536, 2560), (2560, 2560)];
    private static readonly (double Dx, double Dy)[] Offsets = [(-90.31, -60.27), (0.17, -75.41), (85.23, -50.39), (-70.43, 55.29), (10.37, 65.13), (95.21, 80.33)];

    private readonly List<string> _encoderRuns = [];
    private readonly List<string> _cpu = [];
    private string _root = "";
    private ServiceProvider _services = null!;
    private SegmentS2Workflow _workflow = null!;
    private ISamSession _sam = null!;
    private DemoScene _scene = null!;
    private string _prompts = "";
    private List<(string Id, double X, double Y)> _fields = [];
    private SamEmbedding _embedding = null!;
    private List<(ChipPrompt Prompt, PixelWindow Window)> _clusterFields = [];
    private byte[] _chipMask = [];
    private byte[] _fieldMask = [];

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
            // One ONNX Runtime thread: the process CPU time per operation is then the core-seconds it costs.
            o.Sam.IntraOpNumThreads = 1;
            o.Sam.InterOpNumThreads = 1;
        });
        _services = services.BuildServiceProvider();
        _workflow = _services.GetRequiredService<SegmentS2Workflow>();
        _sam = _services.GetRequiredService<ISamSession>();

        // Field decode: one chip's embedding (a deterministic texture; the decoder's cost does not depend on it) and the
        // first cluster's six point fields, each with its window.
        var random = new Random(16);
        var chip = new float[3 * 1024 * 1024];
        for (int i = 0; i < chip.Length; i++)
        {
            chip[i] = (float)(random.NextDouble() * 4 - 2);
        }

        _embedding = await _sam.GetEmbeddingAsync(new SamEncoderInput(chip, 1024, 1024, "field-decode-bench"));
        foreach (var (dx, dy) in Offsets)
        {
            float x = (float)(Centres[0].Col + dx), y = (float)(Centres[0].Row + dy);
            var window = new PixelWindow((int)x - FieldMargin, (int)y - FieldMargin, 2 * FieldMargin + 1, 2 * FieldMargin + 1);
            _clusterFields.Add((new ChipPrompt(new PromptGroup(0, "field", [], null), [new DecoderCall([x, y, 0, 0], [1, -1])], null), window));
        }

        _chipMask = new byte[1024 * 1024];
        _fieldMask = new byte[(2 * FieldMargin + 1) * (2 * FieldMargin + 1)];
        // The session checks the low-resolution path on its first window decode: done here, not in a measured run.
        await _sam.DecodeWindowAsync(_embedding, _clusterFields[0].Prompt, _clusterFields[0].Window, _fieldMask);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = DecodesPerInvoke, Description = "field decode: whole chip, then the window (before)")]
    [BenchmarkCategory("field decode")]
    public async Task<int> DecodeFieldWholeChipAsync()
    {
        int ones = 0;
        foreach (var (prompt, window) in Enumerable.Repeat(_clusterFields, DecodeRounds).SelectMany(f => f))
        {
            await _sam.DecodeAsync(_embedding, prompt, _chipMask);
            for (int r = 0; r < window.Height; r++)
            {
                _chipMask.AsSpan((window.Row + r) * 1024 + window.Col, window.Width).CopyTo(_fieldMask.AsSpan(r * window.Width, window.Width));
            }

            ones += _fieldMask[_fieldMask.Length / 2];
        }

        return ones;
    }

    [Benchmark(OperationsPerInvoke = DecodesPerInvoke, Description = "field decode: the window only (after)")]
    [BenchmarkCategory("field decode")]
    public async Task<int> DecodeFieldWindowAsync()
    {
        int ones = 0;
        foreach (var (prompt, window) in Enumerable.Repeat(_clusterFields, DecodeRounds).SelectMany(f => f))
        {
            await _sam.DecodeWindowAsync(_embedding, prompt, window, _fieldMask);
            ones += _fieldMask[_fieldMask.Length / 2];
        }

        return ones;
    }

    [Benchmark(Baseline = true, Description = "36 fields, one RunAsync per field")]
    [BenchmarkCategory("layer")]
    public async Task<int> PerFieldAsync()
    {
        long before = _sam.EncoderRuns;
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
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

        _encoderRuns.Add($"per field: {_sam.EncoderRuns - before} encoder runs");
        _cpu.Add($"per field: {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s");
        return scenes;
    }

    [Benchmark(Description = "36 fields, one RunBatchAsync")]
    [BenchmarkCategory("layer")]
    public async Task<int> BatchAsync()
    {
        long before = _sam.EncoderRuns;
        var stats = _sam.Statistics;
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        string output = Path.Combine(_root, "batch-" + Guid.NewGuid().ToString("N")[..8]);
        var result = await _workflow.RunBatchAsync(new BatchRequest
        {
            Prompts = PromptInput.FromGeoJson(_prompts),
            Start = DemoScene.DateTime.AddDays(-1),
            End = DemoScene.DateTime.AddDays(1),
            OutputDirectory = output,
        });
        _encoderRuns.Add($"batch: {_sam.EncoderRuns - before} encoder runs");
        var split = _sam.Statistics - stats;
        _cpu.Add(FormattableString.Invariant($"batch: {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s; inside Run: encoder {split.EncoderRunTime.TotalSeconds:0.00} s for {split.EncoderRuns} runs, decoder {split.DecoderRunTime.TotalSeconds:0.00} s for {split.DecoderRuns} runs"));
        return result.FieldsSegmented;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var line in _encoderRuns.Distinct())
        {
            Console.WriteLine($"// encoder runs: {line}");
        }

        foreach (var line in _cpu)
        {
            Console.WriteLine($"// process CPU per operation: {line}");
        }

        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    // Whole operations of seconds: a few monitored iterations, in process (no generated project to build).
    private sealed class InProcessMonitoringConfig : ManualConfig
    {
        public InProcessMonitoringConfig()
        {
            // With SAM (SEGMENTS2_SAM_DIR) one operation takes minutes on a small machine: one measured run, no warm-up.
            bool sam = Environment.GetEnvironmentVariable("SEGMENTS2_SAM_DIR") is { Length: > 0 };
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(sam ? 0 : 1).WithIterationCount(sam ? 1 : 3)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithId("InProcess"));
        }
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

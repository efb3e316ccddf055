using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO;
using SegmentS2.Pipeline;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.Workflow;

/// <summary>
/// The whole workflow on the demo scene, as <c>segment-s2 demo</c> runs it (local COGs and STAC item, the
/// SAM-contract demo models, every output: mask COG, Sentinel-2 stack, polygons, quick-look), with prompts
/// in every chip of the ROI so that every chip is encoded. The embedding cache is off, so each run encodes
/// every chip again. Two jobs: the process pinned to one core (ONNX Runtime on one thread), and all cores.
/// <para>
/// BenchmarkDotNet times whole runs; the split into time inside ONNX Runtime's <c>Run</c> (from
/// <see cref="ISamSession.Statistics"/>) and everything else, per encoded chip, is printed after the
/// runs as <c>// split:</c> lines (medians over the measured runs) and recorded in benchmarks/README.md.
/// </para>
/// </summary>
[Config(typeof(CoresConfig))]
[MemoryDiagnoser]
public class WorkflowBenchmarks
{
    private readonly List<RunSplit> _runs = [];
    private string _root = "";
    private ServiceProvider _services = null!;
    private SegmentS2Workflow _workflow = null!;
    private ISamSession _sam = null!;
    private SegmentS2Request _request = null!;

    /// <summary>
    /// Scene width and height in 10 m pixels: 2560 gives a 2355 px ROI cut into 4 x 4 chips at overlap 0.5,
    /// 4096 a 3768 px ROI of 7 x 7 chips (outputs are per ROI pixel, so their share per chip shrinks).
    /// </summary>
    [Params(2560, 4096)]
    public int SceneSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Directory.CreateTempSubdirectory("segment-s2-bench-workflow-").FullName;
        var scene = DemoScene.Create(SceneSize);
        string item = await scene.WriteAsync(Path.Combine(_root, "scene"));
        var (encoder, decoder) = SamContractModelBuilder.WriteDemoModels(Path.Combine(_root, "models"));
        bool oneCore = Environment.ProcessorCount == 1;

        var services = new ServiceCollection();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [item];
            o.EncoderPath = encoder;
            o.DecoderPath = decoder;
            o.OutputDirectory = Path.Combine(_root, "out");
            o.S2RasterBands = o.BandNames; // the figures below were measured with the three-band s2_raster
            o.Sam.EmbeddingCacheBytes = 0;
            o.Sam.IntraOpNumThreads = oneCore ? 1 : 0;
            o.Sam.InterOpNumThreads = oneCore ? 1 : 0;
        });
        _services = services.BuildServiceProvider();
        _workflow = _services.GetRequiredService<SegmentS2Workflow>();
        _sam = _services.GetRequiredService<ISamSession>();
        _request = new SegmentS2Request
        {
            Roi = new WKTReader().Read(scene.RoiWkt()),
            Start = DemoScene.DateTime.AddDays(-1),
            End = DemoScene.DateTime.AddDays(1),
            Prompts = PromptInput.FromGeoJson(ParcelPrompts(scene)),
        };
    }

    [Benchmark(Description = "demo workflow, every chip encoded")]
    public async Task<SegmentS2Result> RunAsync()
    {
        var before = _sam.Statistics;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        var result = await _workflow.RunAsync(_request);
        var wall = Stopwatch.GetElapsedTime(started);
        var model = _sam.Statistics - before;
        var scene = result.Scenes[0];
        _runs.Add(new RunSplit(wall, Process.GetCurrentProcess().TotalProcessorTime - cpu, model, scene.ChipsEncoded, scene.ChipsTotal, scene.Timings));
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The first run of each process includes JIT compilation: report the later ones.
        var runs = _runs.Count > 2 ? _runs.Skip(1).ToList() : _runs;
        var first = runs[0];
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        double wall = Median(runs.Select(r => r.Wall.TotalMilliseconds));
        double model = Median(runs.Select(r => r.Model.ModelRunTime.TotalMilliseconds));
        double outside = Median(runs.Select(r => (r.Wall - r.Model.ModelRunTime).TotalMilliseconds));
        double fastest = runs.Min(r => (r.Wall - r.Model.ModelRunTime).TotalMilliseconds);
        string Stage(Func<StageTimings, TimeSpan> stage) => Median(runs.Select(r => stage(r.Timings).TotalMilliseconds)).ToString("0", CultureInfo.InvariantCulture);
        Console.WriteLine(FormattableString.Invariant(
            $"// split: cores {Environment.ProcessorCount}, {runs.Count} runs, {first.Encoded} of {first.Total} chips encoded, {first.Model.EncoderRuns} encoder and {first.Model.DecoderRuns} decoder runs per run"));
        Console.WriteLine(FormattableString.Invariant(
            $"// split: run {wall:0} ms = inside Run {model:0} ms (encoder {Median(runs.Select(r => r.Model.EncoderRunTime.TotalMilliseconds)):0}, decoder {Median(runs.Select(r => r.Model.DecoderRunTime.TotalMilliseconds)):0}) + outside {outside:0} ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"// split: per encoded chip: inside Run {model / first.Encoded:0.0} ms, outside Run {outside / first.Encoded:0.0} ms (least disturbed run {fastest / first.Encoded:0.0} ms)"));
        Console.WriteLine(FormattableString.Invariant(
            $"// split: process CPU per run {Median(runs.Select(r => r.Cpu.TotalMilliseconds)):0} ms for {wall:0} ms of wall time (other load on the machine shows as wall > CPU on one core)"));
        Console.WriteLine(
            $"// split: stages (ms, wall, model time included): open {Stage(t => t.Open)}, read {Stage(t => t.Read)}, preprocess {Stage(t => t.Preprocess)}, encode {Stage(t => t.Encode)}, decode {Stage(t => t.Decode)}, write {Stage(t => t.Write)}, scene total {Stage(t => t.Total)}");
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    // One foreground point at the centre of every valid parcel inside the ROI, in three prompt groups
    // (ids 1, 2, 3 in turn), so that every chip holds prompts of every group.
    private static string ParcelPrompts(DemoScene scene)
    {
        double margin = scene.Size * 0.04 + 8;
        int border = scene.Size / 24;
        var features = new JsonArray();
        int n = 0;
        foreach (var parcel in scene.Parcels)
        {
            double col = parcel.CentreCol + 0.25, row = parcel.CentreRow + 0.25;
            bool inRoi = col > margin && row > margin && col < scene.Size - margin && row < scene.Size - margin;
            bool valid = col >= border + 8 && col + (scene.Size - row) >= scene.Size / 5 + 8;
            if (!inRoi || !valid)
            {
                continue;
            }

            var (lon, lat) = scene.PixelToLonLat(col, row);
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
                ["properties"] = new JsonObject { ["prompt_id"] = n++ % 3 + 1, ["label"] = 1 },
            });
        }

        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
    }

    private sealed record RunSplit(TimeSpan Wall, TimeSpan Cpu, SamSessionStatistics Model, int Encoded, int Total, StageTimings Timings);

    /// <summary>Short runs (as <c>--job short</c>) twice: the process pinned to one core, and free on all cores.</summary>
    private sealed class CoresConfig : ManualConfig
    {
        public CoresConfig()
        {
            AddJob(Job.ShortRun.WithAffinity(1).WithId("OneCore"));
            AddJob(Job.ShortRun.WithId("AllCores"));
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SegmentS2.Batch;
using SegmentS2.Benchmarks.RealSam;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.Batch;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/SegmentS2.Benchmarks -- many-fields [--count N] [--masks] [--polygon-vertices V]</c>: N point
/// fields (default 100,000) in the one chip of a 1024 px demo scene, segmented by one <c>RunBatchAsync</c> with the
/// SAM-contract models, progress printed as the CLI prints it. Reports wall time, process CPU time, time per field and
/// peak resident memory: the issue-16 must-show for per-field cost (one encoder run, N decodes and N rows). With
/// <c>--polygon-vertices V</c> one more field is a polygon of V vertices.
/// </summary>
public static class ManyFields
{
    public const string Command = "many-fields";

    public static async Task<int> MainAsync(string[] args)
    {
        int count = 100_000;
        int polygonVertices = 0;
        bool masks = false;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--count")
            {
                count = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--polygon-vertices")
            {
                polygonVertices = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--masks")
            {
                masks = true;
            }
        }

        string root = Directory.CreateTempSubdirectory("segment-s2-many-fields-").FullName;
        try
        {
            var scene = DemoScene.Create(1024);
            string item = await scene.WriteAsync(Path.Combine(root, "scene")).ConfigureAwait(false);
            var (encoder, decoder) = SamContractModelBuilder.WriteDemoModels(Path.Combine(root, "models"));
            var random = new Random(16);
            var json = new StringBuilder(count * 160).Append("""{"type":"FeatureCollection","features":[""");
            for (int f = 0; f < count; f++)
            {
                // Away from the demo's nodata border (left 1/24) and wedge (bottom-left).
                double x = 300 + random.NextDouble() * 700, y = 10 + random.NextDouble() * 700;
                var (lon, lat) = scene.PixelToLonLat(x, y);
                json.Append(f > 0 ? "," : "").Append(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon:R}}},{{{lat:R}}}]},"properties":{"prompt_id":{{{f}}},"label":1}}"""));
            }

            if (polygonVertices > 0)
            {
                // One more field: a star-shaped polygon of that many vertices (a hostile layer's worst case).
                json.Append(',').Append("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[""");
                for (int k = 0; k <= polygonVertices; k++)
                {
                    double a = 2 * Math.PI * (k % polygonVertices) / polygonVertices, r = k % 2 == 0 ? 30 : 34;
                    var (lon, lat) = scene.PixelToLonLat(512 + r * Math.Cos(a), 512 + r * Math.Sin(a));
                    json.Append(k > 0 ? "," : "").Append(CultureInfo.InvariantCulture, $"[{lon:R},{lat:R}]");
                }

                json.Append("""]]},"properties":{"prompt_id":"polygon","label":1}}""");
            }

            string layer = Path.Combine(root, "fields.geojson");
            await File.WriteAllTextAsync(layer, json.Append("]}").ToString()).ConfigureAwait(false);
            json.Clear();

            var services = new ServiceCollection();
            services.AddSegmentS2(o =>
            {
                o.Source = S2SourceKind.LocalFiles;
                o.LocalFiles.Paths = [item];
                o.EncoderPath = encoder;
                o.DecoderPath = decoder;
                o.OutputDirectory = Path.Combine(root, "out");
            });
            await using var provider = services.BuildServiceProvider();
            var workflow = provider.GetRequiredService<SegmentS2Workflow>();
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            string last = "";
            var progress = new Progress(p =>
            {
                string line = string.Create(CultureInfo.InvariantCulture, $"{p.Stage} chip {p.ChipsDone}/{p.ChipCount}, {p.FieldScenesDone} of {p.FieldCount} fields");
                if (line != last)
                {
                    last = line;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,6:0.0} s  {line}"));
                }
            });
            var result = await workflow.RunBatchAsync(new BatchRequest
            {
                Prompts = PromptInput.FromFile(layer),
                Start = DemoScene.DateTime.AddDays(-1),
                End = DemoScene.DateTime.AddDays(1),
                WriteMasks = masks,
            }, progress).ConfigureAwait(false);
            double seconds = clock.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} fields{(masks ? " with --masks" : "")}: {result.FieldsSegmented} segmented, {result.Failures.Count} failed, {result.ChipsEncoded} chips encoded; " +
                $"{seconds:0.0} s wall ({1000 * seconds / count:0.000} ms per field), {cpuSeconds:0.0} s CPU, peak {ProcessMemory.PeakResidentBytes() / 1e6:0} MB"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // Reports on the run's own thread, in order.
    private sealed class Progress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using SegmentS2.Batch;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.RealSam;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/SegmentS2.Benchmarks -- real-sam-batch-ratio [--rounds N] [--model-types vit_b,mobile_sam]</c>:
/// the issue-16 and issue-17 batch must-shows. For each model type it alternates, N times, two fresh child processes:
/// <list type="bullet">
/// <item><c>bare</c>: ONNX Runtime alone, the encoder loaded with the library's threads and run once per chip the batch
/// encodes (on distinct random tensors);</item>
/// <item><c>batch</c>: <c>RunBatchAsync</c> end to end, as <c>segment-s2 batch</c> runs it, on 36 point fields in 6 clusters of a
/// 3072 px demo scene (the batch tests' layout): session load, search, read, encode, 36 decodes, polygons, fields.gpkg;</item>
/// </list>
/// and reports wall time, process CPU time, peak resident memory (VmHWM), the time ratio, the memory difference, and
/// fields per core-hour (36 fields / CPU hours of the batch child). Models: <see cref="RealSamModels"/>.
/// <para><c>--spread N SIZE</c> replaces the layer by N point fields at seeded random places over a SIZE px demo scene and
/// runs only the batch child: fields per core-hour for farms spread out, where fields seldom share a chip.</para>
/// </summary>
public static class RealSamBatchRatio
{
    public const string Command = "real-sam-batch-ratio";

    private static readonly (double Col, double Row)[] Centres = [(512, 512), (1536, 512), (2560, 512), (512, 2560), (1536, 2560), (2560, 2560)];
    private static readonly (double Dx, double Dy)[] Offsets = [(-90.31, -60.27), (0.17, -75.41), (85.23, -50.39), (-70.43, 55.29), (10.37, 65.13), (95.21, 80.33)];

    public static async Task<int> MainAsync(string[] args)
    {
        if (args.Length >= 4 && args[0] == "--child")
        {
            var (_, encoder, decoder) = RealSamModels.Locate(args[2]);
            var result = args[1] switch
            {
                "bare" => Bare(encoder, int.Parse(args[4], CultureInfo.InvariantCulture)),
                "batch" => await BatchAsync(encoder, decoder, args[3]).ConfigureAwait(false),
                _ => throw new ArgumentException($"unknown child mode '{args[1]}'"),
            };
            ChildProcess.Report(result);
            return 0;
        }

        int rounds = 3;
        string[] types = ["vit_b"];
        (int Fields, int SceneSize)? spread = null;
        for (int i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--spread" && i + 2 < args.Length)
            {
                spread = (int.Parse(args[i + 1], CultureInfo.InvariantCulture), int.Parse(args[i + 2], CultureInfo.InvariantCulture));
            }
            else if (args[i] == "--rounds")
            {
                rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--model-types")
            {
                types = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        string root = Directory.CreateTempSubdirectory("segment-s2-real-sam-batch-ratio-").FullName;
        try
        {
            int fieldCount = spread?.Fields ?? 36;
            string layout = spread is { } sp ? $"{sp.Fields} fields spread at random over a {sp.SceneSize} px scene" : "36 fields in 6 clusters on a 3072 px scene";
            if (spread is { } spreadLayout)
            {
                await WriteSpreadInputsAsync(root, spreadLayout.Fields, spreadLayout.SceneSize).ConfigureAwait(false);
            }
            else
            {
                await WriteInputsAsync(root).ConfigureAwait(false);
            }

            Console.WriteLine($"// {Environment.ProcessorCount} cores, ONNX Runtime {OrtEnv.Instance().GetVersionString()}, {layout}, load {LoadAverage()}");
            var perCoreHour = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (string type in types)
            {
                RealSamModels.Locate(type); // export once, outside the timed children
                var bare = new List<ChildResult>();
                var batch = new List<ChildResult>();
                for (int r = 0; r < rounds; r++)
                {
                    batch.Add(ChildProcess.Run<ChildResult>(Command, "--child", "batch", type, root, "0"));
                    if (spread is not null)
                    {
                        // A spread layer measures fields per core-hour only: no bare runs beside it.
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{type} round {r + 1}: batch {batch[r].Seconds:0.00} s wall, {batch[r].CpuSeconds:0.0} s CPU, peak {batch[r].PeakBytes / 1e6:0} MB; {batch[r].Detail}; {fieldCount / (batch[r].CpuSeconds / 3600):0} fields per core-hour; load {LoadAverage()}"));
                        continue;
                    }

                    bare.Add(ChildProcess.Run<ChildResult>(Command, "--child", "bare", type, root, batch[r].Chips.ToString(CultureInfo.InvariantCulture)));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{type} round {r + 1}: bare ORT load + {batch[r].Chips} runs {bare[r].Seconds:0.00} s, peak {bare[r].PeakBytes / 1e6:0} MB; batch {batch[r].Seconds:0.00} s wall, {batch[r].CpuSeconds:0.0} s CPU, peak {batch[r].PeakBytes / 1e6:0} MB; ratio {batch[r].Seconds / bare[r].Seconds:0.00}; {batch[r].Detail}; load {LoadAverage()}"));
                }

                double fieldsPerCoreHour = fieldCount / (ChildProcess.Median(batch.Select(b => b.CpuSeconds)) / 3600);
                perCoreHour[type] = fieldsPerCoreHour;
                if (spread is not null)
                {
                    continue;
                }

                double bareMedian = ChildProcess.Median(bare.Select(b => b.Seconds)), batchMedian = ChildProcess.Median(batch.Select(b => b.Seconds));
                double barePeak = ChildProcess.Median(bare.Select(b => (double)b.PeakBytes)), batchPeak = ChildProcess.Median(batch.Select(b => (double)b.PeakBytes));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{type} median of {rounds}: bare ORT {bareMedian:0.00} s, batch {batchMedian:0.00} s, ratio {batchMedian / bareMedian:0.00}; peak bare {barePeak / 1e6:0} MB, batch {batchPeak / 1e6:0} MB, difference {(batchPeak - barePeak) / 1e6:0} MB; {fieldsPerCoreHour:0} fields per core-hour"));
            }

            if (perCoreHour.Count > 1)
            {
                Console.WriteLine("fields per core-hour: " + string.Join(", ", perCoreHour.Select(kv => string.Create(CultureInfo.InvariantCulture,
                    $"{kv.Key} {kv.Value:0} ({kv.Value / perCoreHour[types[0]]:0.0}x {types[0]})"))));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WriteInputsAsync(string root)
    {
        var scene = DemoScene.Create(3072);
        await scene.WriteAsync(Path.Combine(root, "scene")).ConfigureAwait(false);
        var json = new StringBuilder("""{"type":"FeatureCollection","features":[""");
        for (int c = 0; c < Centres.Length; c++)
        {
            for (int f = 0; f < Offsets.Length; f++)
            {
                var (lon, lat) = scene.PixelToLonLat(Centres[c].Col + Offsets[f].Dx, Centres[c].Row + Offsets[f].Dy);
                json.Append(c + f > 0 ? "," : "").Append(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon:R}}},{{{lat:R}}}]},"properties":{"prompt_id":"c{{{c}}}f{{{f}}}","label":1}}"""));
            }
        }

        await File.WriteAllTextAsync(Path.Combine(root, "fields.geojson"), json.Append("]}").ToString()).ConfigureAwait(false);
    }

    // Point fields at seeded random places, away from the demo scene's nodata border (left 1/24) and its edges.
    private static async Task WriteSpreadInputsAsync(string root, int fields, int size)
    {
        var scene = DemoScene.Create(size);
        await scene.WriteAsync(Path.Combine(root, "scene")).ConfigureAwait(false);
        var random = new Random(17);
        var json = new StringBuilder("""{"type":"FeatureCollection","features":[""");
        for (int f = 0; f < fields; f++)
        {
            double x = size / 24.0 + 64 + random.NextDouble() * (size - size / 24.0 - 128), y = 64 + random.NextDouble() * (size - 128);
            var (lon, lat) = scene.PixelToLonLat(x, y);
            json.Append(f > 0 ? "," : "").Append(string.Create(CultureInfo.InvariantCulture,
                $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon:R}}},{{{lat:R}}}]},"properties":{"prompt_id":"s{{{f}}}","label":1}}"""));
        }

        await File.WriteAllTextAsync(Path.Combine(root, "fields.geojson"), json.Append("]}").ToString()).ConfigureAwait(false);
    }

    private static ChildResult Bare(string encoderPath, int runs)
    {
        var random = new Random(1);
        var inputs = Enumerable.Range(0, runs).Select(_ => Enumerable.Range(0, 3 * 1024 * 1024).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToList();
        var output = new float[256 * 64 * 64];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var options = new SessionOptions { IntraOpNumThreads = SamSessionOptions.DefaultIntraOpNumThreads };
        using var session = new InferenceSession(encoderPath, options);
        using var runOptions = new RunOptions();
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, 256, 64, 64]);
        foreach (var input in inputs)
        {
            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 3, 1024, 1024]);
            session.Run(runOptions, ["x"], [inputValue], ["image_embeddings"], [outputValue]);
        }

        return new ChildResult(clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, ProcessMemory.PeakResidentBytes(), runs, "");
    }

    private static async Task<ChildResult> BatchAsync(string encoder, string decoder, string root)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [Path.Combine(root, "scene")];
            o.EncoderPath = encoder;
            o.DecoderPath = decoder;
            // As the segment-s2 tool runs it: one request per process, so the last chip gives the encoder's arena back.
            o.ReleaseEncoderMemoryAfterRun = true;
        });
        BatchResult result;
        SamSessionStatistics model;
        await using (var provider = services.BuildServiceProvider())
        {
            var workflow = provider.GetRequiredService<SegmentS2Workflow>();
            result = await workflow.RunBatchAsync(new BatchRequest
            {
                Prompts = PromptInput.FromFile(Path.Combine(root, "fields.geojson")),
                Start = DemoScene.DateTime.AddDays(-1),
                End = DemoScene.DateTime.AddDays(1),
                OutputDirectory = Path.Combine(root, "out-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)),
            }).ConfigureAwait(false);
            model = provider.GetRequiredService<ISamSession>().Statistics;
        }

        string detail = string.Create(CultureInfo.InvariantCulture,
            $"{result.FieldsSegmented} fields segmented, {result.ChipsEncoded} chips; inside ORT: encoder {model.EncoderRunTime.TotalSeconds:0.00} s, decoder {model.DecoderRunTime.TotalSeconds:0.00} s ({model.DecoderRuns} runs, {1000 * model.DecoderRunTime.TotalSeconds / Math.Max(1, model.DecoderRuns):0.0} ms each)");
        return new ChildResult(clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, ProcessMemory.PeakResidentBytes(), result.ChipsEncoded, detail);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private sealed record ChildResult(double Seconds, double CpuSeconds, long PeakBytes, int Chips, string Detail);
}

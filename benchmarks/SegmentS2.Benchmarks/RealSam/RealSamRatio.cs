using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SegmentS2.Sam;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.RealSam;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/SegmentS2.Benchmarks -- real-sam-ratio [--rounds N] [--model-type T] [--decoder-weights W] [--cli PATH]</c>: the
/// issue-11 must-show. In one harness run it alternates, N times, two fresh child processes of this program:
/// <list type="bullet">
/// <item><c>bare</c>: ONNX Runtime alone, <c>new InferenceSession(encoder)</c> with as many intra-op threads as
/// the library uses, and one <c>Run</c> on a [1, 3, 1024, 1024] tensor;</item>
/// <item><c>run</c>: the library end to end on one field, as <c>segment-s2 run --source local</c> does it:
/// session load (model hash included; in the background, beside the local search, open and read), preprocess, encode, three prompt groups decoded,
/// mask COG, Sentinel-2 stack, polygons and quick-look written;</item>
/// </list>
/// and reports each one's wall time (from before the model load to the end, measured in the child) and peak
/// resident memory (VmHWM), the ratio of the times and the difference of the peaks. With <c>--cli PATH</c> (a published
/// <c>segment-s2</c>, its apphost or its .dll) each round also runs <c>PATH run --model-dir</c> on the same field and
/// reports its wall time from the process's start to its exit (process start, runtime and JIT included), against the
/// same bare time: the issue-17 must-show. Models: see <see cref="RealSamModels"/>;
/// <c>--model-type</c> (vit_b, vit_l, vit_h or mobile_sam) picks the export, <c>--decoder-weights blobs</c> an export whose decoder draws
/// compact field-like masks instead of random weights' textures, and the children inherit both.
/// </summary>
public static class RealSamRatio
{
    public const string Command = "real-sam-ratio";

    public static async Task<int> MainAsync(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--child")
        {
            var (_, childEncoder, childDecoder) = RealSamModels.Locate();
            return await ChildAsync(args[1], childEncoder, childDecoder, args.Length > 2 ? args[2] : "").ConfigureAwait(false);
        }

        int rounds = 3;
        string? requestedType = null;
        string? cli = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rounds":
                    rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--model-type":
                    requestedType = args[i + 1];
                    break;
                case "--cli":
                    cli = Path.GetFullPath(args[i + 1]);
                    break;
                case "--decoder-weights":
                    // The children locate the same export through the environment.
                    Environment.SetEnvironmentVariable(RealSamModels.DecoderWeightsVariable, args[i + 1]);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'; real-sam-ratio takes --rounds N, --model-type T, --decoder-weights random|blobs and --cli PATH");
            }
        }

        var (modelType, encoder, decoder) = RealSamModels.Locate(requestedType);
        if (requestedType is not null)
        {
            // The children locate the same export: they inherit the type through the environment.
            Environment.SetEnvironmentVariable(RealSamModels.ModelTypeVariable, requestedType);
        }
        string root = Directory.CreateTempSubdirectory("segment-s2-real-sam-ratio-").FullName;
        try
        {
            Console.WriteLine($"// {modelType}, {Environment.ProcessorCount} cores for this process, ONNX Runtime {OrtEnv.Instance().GetVersionString()}, encoder {new FileInfo(encoder).Length / 1e6:0} MB, decoder {new FileInfo(decoder).Length / 1e6:0} MB");
            var bare = new List<ChildResult>();
            var runs = new List<ChildResult>();
            var tool = new List<double>();
            RealSamField? cliField = cli is null ? null : await RealSamField.CreateAsync(Path.Combine(root, "cli-scene")).ConfigureAwait(false);
            for (int r = 0; r < rounds; r++)
            {
                bare.Add(ChildProcess.Run<ChildResult>(Command, "--child", "bare", root));
                runs.Add(ChildProcess.Run<ChildResult>(Command, "--child", "run", root));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {r + 1}: bare ORT {bare[r].Seconds:0.00} s (load {bare[r].LoadSeconds:0.00}, run {bare[r].RunSeconds:0.00}), peak {bare[r].PeakBytes / 1e6:0} MB; library one field {runs[r].Seconds:0.00} s, peak {runs[r].PeakBytes / 1e6:0} MB; ratio {runs[r].Seconds / bare[r].Seconds:0.00}; {runs[r].Detail}"));
                if (cliField is not null)
                {
                    tool.Add(RunTool(cli!, cliField, Path.GetDirectoryName(encoder)!, modelType, Path.Combine(root, $"cli-out-{r}")));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {r + 1}: segment-s2 run --model-dir, process start to exit {tool[r]:0.00} s; ratio to bare {tool[r] / bare[r].Seconds:0.00}"));
                }
            }

            if (tool.Count > 0)
            {
                double bareSeconds = ChildProcess.Median(bare.Select(b => b.Seconds)), toolSeconds = ChildProcess.Median(tool);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"median of {rounds}: segment-s2 run {toolSeconds:0.00} s, bare ORT {bareSeconds:0.00} s, ratio {toolSeconds / bareSeconds:0.00} (per-round ratios {string.Join(", ", tool.Zip(bare, (a, b) => (a / b.Seconds).ToString("0.00", CultureInfo.InvariantCulture)))})"));
            }

            double bareMedian = ChildProcess.Median(bare.Select(b => b.Seconds)), runMedian = ChildProcess.Median(runs.Select(b => b.Seconds));
            double barePeak = ChildProcess.Median(bare.Select(b => (double)b.PeakBytes)), runPeak = ChildProcess.Median(runs.Select(b => (double)b.PeakBytes));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of {rounds}: bare ORT {bareMedian:0.00} s, library {runMedian:0.00} s, ratio {runMedian / bareMedian:0.00} (per-round ratios {string.Join(", ", runs.Zip(bare, (a, b) => (a.Seconds / b.Seconds).ToString("0.00", CultureInfo.InvariantCulture)))}); peak memory bare {barePeak / 1e6:0} MB, library {runPeak / 1e6:0} MB, difference {(runPeak - barePeak) / 1e6:0} MB"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<int> ChildAsync(string mode, string encoder, string decoder, string root)
    {
        var result = mode switch
        {
            "bare" => Bare(encoder),
            "run" => await RunAsync(encoder, decoder, root).ConfigureAwait(false),
            _ => throw new ArgumentException($"unknown child mode '{mode}'"),
        };
        ChildProcess.Report(result);
        return 0;
    }

    // `segment-s2 run` on the field, as a user runs it; the wall time from starting the process to its exit.
    private static double RunTool(string cli, RealSamField field, string modelDirectory, string modelType, string output)
    {
        bool dll = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var psi = new ProcessStartInfo(dll ? "dotnet" : cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        string day(DateTimeOffset d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var a in (string[])[.. dll ? [cli] : Array.Empty<string>(), "run", "--scene", field.ItemPath, "--roi", field.RoiWkt, "--prompts", field.PromptsPath,
                     "--start", day(field.Request.Start), "--end", day(field.Request.End), "--model-dir", modelDirectory, "--model-type", modelType, "--out", output, "--quiet"])
        {
            psi.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"segment-s2 run exited with {p.ExitCode}: {stdout} {stderr.Result}");
        }

        return seconds;
    }

    private static ChildResult Bare(string encoderPath)
    {
        var input = new float[3 * 1024 * 1024];
        var random = new Random(1);
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)(random.NextDouble() * 4 - 2);
        }

        var output = new float[256 * 64 * 64];
        var clock = Stopwatch.StartNew();
        using var options = new SessionOptions { IntraOpNumThreads = SamSessionOptions.DefaultIntraOpNumThreads };
        using var session = new InferenceSession(encoderPath, options);
        double load = clock.Elapsed.TotalSeconds;
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 3, 1024, 1024]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, 256, 64, 64]);
        using var runOptions = new RunOptions();
        session.Run(runOptions, ["x"], [inputValue], ["image_embeddings"], [outputValue]);
        double total = clock.Elapsed.TotalSeconds;
        return new ChildResult(total, load, total - load, ProcessMemory.PeakResidentBytes(), "");
    }

    private static async Task<ChildResult> RunAsync(string encoder, string decoder, string root)
    {
        // Writing the scene is the user's data arriving, not part of the run.
        var field = await RealSamField.CreateAsync(Path.Combine(root, "scene-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        var split = new SplitLogger();
        long before = ProcessMemory.ResidentBytes();
        using var stages = new StageMemory("load");
        var clock = Stopwatch.StartNew();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(split).SetMinimumLevel(LogLevel.Information));
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [field.ItemPath];
            o.EncoderPath = encoder;
            o.DecoderPath = decoder;
            o.OutputDirectory = Path.Combine(root, "out-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            // As the segment-s2 tool runs it: one request per process, so the last chip gives the encoder's arena back.
            o.ReleaseEncoderMemoryAfterRun = true;
        });
        double load;
        SegmentS2Result result;
        SamSessionStatistics model;
        await using (var provider = services.BuildServiceProvider())
        {
            var workflow = provider.GetRequiredService<SegmentS2Workflow>();
            var sam = provider.GetRequiredService<ISamSession>();
            load = clock.Elapsed.TotalSeconds;
            result = await workflow.RunAsync(field.Request, new Progress(p => stages.Stage = p.Stage.ToString())).ConfigureAwait(false);
            model = sam.Statistics;
        }

        double total = clock.Elapsed.TotalSeconds;
        var scene = result.Scenes[0];
        var t = scene.Timings;
        string detail = string.Create(CultureInfo.InvariantCulture,
            $"services {load:0.00} s (the models load in the background, beside search, open and read), search {result.Search.TotalSeconds:0.00}, open {t.Open.TotalSeconds:0.00}, read {t.Read.TotalSeconds:0.00}, preprocess {t.Preprocess.TotalSeconds:0.00}, encode {t.Encode.TotalSeconds:0.00} (ORT {model.EncoderRunTime.TotalSeconds:0.00}), decode {t.Decode.TotalSeconds:0.00} ({model.DecoderRuns} runs), write {t.Write.TotalSeconds:0.00}; resident MB before the clock {before / 1e6:0}, highest by stage {stages.Summary()}");
        return new ChildResult(total, load, total - load, ProcessMemory.PeakResidentBytes(), detail);
    }

    // Reports on the caller's thread, so the stage label changes exactly when the workflow moves on.
    private sealed class Progress(Action<SegmentS2Progress> report) : IProgress<SegmentS2Progress>
    {
        public void Report(SegmentS2Progress value) => report(value);
    }

    // The highest resident set seen per stage label, sampled every 10 ms: where the run's peak sits.
    private sealed class StageMemory : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> highest = new();
        private readonly CancellationTokenSource stop = new();
        private readonly Thread thread;

        public StageMemory(string first)
        {
            Stage = first;
            thread = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    string stage = Stage;
                    highest.AddOrUpdate(stage, ProcessMemory.ResidentBytes(), (_, v) => Math.Max(v, ProcessMemory.ResidentBytes()));
                    stop.Token.WaitHandle.WaitOne(10);
                }
            }) { IsBackground = true };
            thread.Start();
        }

        public volatile string Stage;

        public string Summary() => string.Join(", ", highest.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / 1e6:0}")));

        public void Dispose()
        {
            stop.Cancel();
            thread.Join();
            stop.Dispose();
        }
    }

    private sealed record ChildResult(double Seconds, double LoadSeconds, double RunSeconds, long PeakBytes, string Detail);

    // Keeps nothing; the workflow's own split is read from the result. Present so that logging costs what it costs a user.
    private sealed class SplitLogger : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => formatter(state, exception);

        public void Dispose()
        {
        }
    }
}

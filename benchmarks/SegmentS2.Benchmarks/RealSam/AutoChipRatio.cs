using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using NetTopologySuite.IO;
using SegmentS2.Automatic;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.RealSam;

/// <summary>
/// <c>auto-chip-ratio --encoder E --decoder D</c>: one 1024 chip of automatic segmentation at the reference's defaults
/// (16 x 16 points, 16 per decoder call) through <c>RunAutomaticAsync</c>, against ONNX Runtime's own runs of the same
/// encoder and decoder inputs (one encoder run, 16 decoder runs of 16 prompts), models loaded beforehand on both sides.
/// Prints the seconds of each and their ratio (issue 18's goal: at most 1.3).
/// </summary>
public static class AutoChipRatio
{
    public const string Command = "auto-chip-ratio";

    public static async Task<int> MainAsync(string[] args)
    {
        string encoder = Arg(args, "--encoder"), decoder = Arg(args, "--decoder");
        string root = Directory.CreateTempSubdirectory("segment-s2-auto-bench").FullName;
        try
        {
            var (bareEncode, bareDecode) = Bare(encoder, decoder);
            var scene = DemoScene.Create(1024);
            string item = await scene.WriteAsync(Path.Combine(root, "scene"));
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSegmentS2(o =>
            {
                o.Source = S2SourceKind.LocalFiles;
                o.LocalFiles.Paths = [item];
                o.EncoderPath = encoder;
                o.DecoderPath = decoder;
                o.Outputs = SegmentS2Outputs.Mask;
                o.OutputDirectory = Path.Combine(root, "out");
            });
            await using var provider = services.BuildServiceProvider();
            var workflow = provider.GetRequiredService<SegmentS2Workflow>(); // loads both models
            var clock = Stopwatch.StartNew();
            var result = await workflow.RunAutomaticAsync(new AutomaticSegmentationRequest
            {
                Roi = new WKTReader().Read(scene.RoiWkt()),
                Start = DemoScene.DateTime.AddDays(-1),
                End = DemoScene.DateTime.AddDays(1),
            });
            double library = clock.Elapsed.TotalSeconds;
            var s = result.Scenes[0];
            var stats = provider.GetRequiredService<ISamSession>().Statistics;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bare ORT: encode {bareEncode:0.00} s + 16 decoder runs {bareDecode:0.00} s = {bareEncode + bareDecode:0.00} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RunAutomaticAsync: {library:0.00} s for {s.ChipsEncoded} chip, {s.PromptsDecoded} prompts, {s.MasksFiltered} candidates, {s.MasksKept} kept; inside ORT: encoder {stats.EncoderRunTime.TotalSeconds:0.00} s, decoder {stats.DecoderRunTime.TotalSeconds:0.00} s ({stats.DecoderRuns} runs)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ratio {library / (bareEncode + bareDecode):0.000}"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (double Encode, double Decode) Bare(string encoderPath, string decoderPath)
    {
        var random = new Random(1);
        var input = new float[3 * 1024 * 1024];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)(random.NextDouble() * 4 - 2);
        }

        var embedding = new float[256 * 64 * 64];
        using var options = new SessionOptions { IntraOpNumThreads = SamSessionOptions.DefaultIntraOpNumThreads };
        using var encoder = new InferenceSession(encoderPath, options);
        using var decoder = new InferenceSession(decoderPath, options);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 3, 1024, 1024]);
        using var embeddingValue = OrtValue.CreateTensorValueFromMemory(embedding, [1, 256, 64, 64]);
        using var runOptions = new RunOptions();
        var clock = Stopwatch.StartNew();
        encoder.Run(runOptions, ["x"], [inputValue], ["image_embeddings"], [embeddingValue]);
        double encode = clock.Elapsed.TotalSeconds;

        var points = PointsOfTheDefaultGrid();
        using var maskInput = OrtValue.CreateTensorValueFromMemory(new float[256 * 256], [1, 1, 256, 256]);
        using var hasMask = OrtValue.CreateTensorValueFromMemory(new float[1], [1]);
        using var size = OrtValue.CreateTensorValueFromMemory(new float[] { 1024, 1024 }, [2]);
        clock.Restart();
        for (int first = 0; first < 256; first += 16)
        {
            var coords = new float[16 * 4];
            var labels = new float[16 * 2];
            for (int i = 0; i < 16; i++)
            {
                coords[4 * i] = points[2 * (first + i)];
                coords[4 * i + 1] = points[2 * (first + i) + 1];
                labels[2 * i] = 1;
                labels[2 * i + 1] = -1;
            }

            using var c = OrtValue.CreateTensorValueFromMemory(coords, [16, 2, 2]);
            using var l = OrtValue.CreateTensorValueFromMemory(labels, [16, 2]);
            using var outputs = decoder.Run(runOptions, new Dictionary<string, OrtValue>
            {
                ["image_embeddings"] = embeddingValue, ["point_coords"] = c, ["point_labels"] = l,
                ["mask_input"] = maskInput, ["has_mask_input"] = hasMask, ["orig_im_size"] = size,
            }, ["masks", "iou_predictions"]);
        }

        return (encode, clock.Elapsed.TotalSeconds);
    }

    private static float[] PointsOfTheDefaultGrid()
    {
        var points = new float[512];
        for (int i = 0; i < 256; i++)
        {
            points[2 * i] = 32 + 64 * (i / 16);
            points[2 * i + 1] = 32 + 64 * (i % 16);
        }

        return points;
    }

    private static string Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{Command} needs {name} PATH.");
    }
}

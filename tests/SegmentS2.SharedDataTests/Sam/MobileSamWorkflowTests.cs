using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using NetTopologySuite.IO;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.TestSupport;
using SegmentS2.Workflow;
using Xunit.Abstractions;

namespace SegmentS2.SharedDataTests.Sam;

/// <summary>
/// MobileSAM's real graph (TinyViT encoder, SAM's prompt encoder and mask decoder) through the shared body of
/// <see cref="RealSamWorkflowTests{TExport}"/>, plus what only MobileSAM's export does: BatchNorm statistics calibrated for
/// the random weights, and a batch axis that really is dynamic.
/// </summary>
public sealed class MobileSamWorkflowTests(MobileSamExport export, ITestOutputHelper output) : RealSamWorkflowTests<MobileSamExport>(export, output)
{
    // TinyViT-5M as MobileSAM builds it (embed dims 64/128/160/320, depths 2/2/6/2): 6,065,532 parameters, of which the
    // ImageNet head (LayerNorm(320) + Linear(320, 1000) = 321,640) is never run and not exported.
    protected override long ExpectedEncoderParameters => 6_065_532;

    protected override long ExpectedTracedParameters => 6_065_532 - 321_640;

    // Plus, in eval mode, each attention block's bias table expanded per window position pair (heads x N x N, N = window^2),
    // which the graph holds as a constant: 2 blocks x 4 x 49^2 + 6 x 5 x 196^2 + 2 x 10 x 49^2 = 1,219,708 floats.
    protected override long ExpectedEncoderFloats => ExpectedTracedParameters + 1_219_708;

    [Fact]
    public void Export_CalibratedTinyVitsBatchNorm_AndKeptTheDecodersCrop()
    {
        Assert.Equal(27, Export.BatchNormCalibrated); // every Conv2d_BN of TinyViT-5M
        Assert.True(Export.EncoderBatchPatched);
        Assert.False(Export.DecoderCropPatched); // mobile_sam's SamOnnxModel already crops with tensor slices
    }

    [Fact]
    public void Encoder_RunsABatchOfTwo_AsTwoSingleRuns_AndResponds_ToItsInput()
    {
        const int Plane = 1024 * 1024;
        var noise = new float[3 * Plane];
        var random = new Random(7);
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)(random.NextDouble() * 4 - 2);
        }

        // A smooth, structured image: stripes and a step, in the normalised range.
        var smooth = new float[3 * Plane];
        for (int y = 0; y < 1024; y++)
        {
            for (int x = 0; x < 1024; x++)
            {
                smooth[y * 1024 + x] = 1.5f * MathF.Sin(x / 51.2f);
                smooth[Plane + y * 1024 + x] = 1.5f * MathF.Cos(y / 78.8f);
                smooth[2 * Plane + y * 1024 + x] = x < 512 ? -1.5f : 1.5f;
            }
        }

        using var options = new SessionOptions { IntraOpNumThreads = SamSessionOptions.DefaultIntraOpNumThreads };
        using var session = new InferenceSession(Export.EncoderPath, options);
        var a = Encode(session, noise, 1);
        var b = Encode(session, smooth, 1);
        var both = Encode(session, [.. noise, .. smooth], 2);

        Assert.Equal(2 * a.Length, both.Length);
        double scale = a.Concat(b).Max(v => Math.Abs(v));
        Assert.InRange(MaxAbsDifference(both.AsSpan(0, a.Length), a), 0, 1e-4 * scale);
        Assert.InRange(MaxAbsDifference(both.AsSpan(a.Length), b), 0, 1e-4 * scale);
        // Two different images give two different embeddings (relative L2 difference 1.2 when measured in PyTorch).
        double diff = Math.Sqrt(a.Zip(b, (p, q) => (double)(p - q) * (p - q)).Sum() / a.Sum(p => (double)p * p));
        Assert.InRange(diff, 0.5, double.MaxValue);
    }

    /// <summary>
    /// The issue-17 command, <c>segment-s2 run --model-dir DIR --model-type mobile_sam</c>, on a one-field request gives
    /// every prompt's mask exactly as the library in this process does. .ci/run also runs it against the published
    /// (Native AOT) tool, so the real TinyViT graph goes through the executable users run.
    /// </summary>
    [Trait(Tool.Trait, Tool.Cli)]
    [Fact]
    public async Task ToolRunWithModelDir_WritesTheLibrarysMasks()
    {
        string root = Directory.CreateTempSubdirectory("segment-s2-mobile-sam-tool").FullName;
        try
        {
            var scene = DemoScene.Create(1024);
            string item = await scene.WriteAsync(Path.Combine(root, "scene"));
            string roiWkt = FieldRoiWkt(scene);
            string prompts = Path.Combine(root, "prompts.geojson");
            await File.WriteAllTextAsync(prompts, scene.PromptsGeoJson());

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSegmentS2(o =>
            {
                o.Source = S2SourceKind.LocalFiles;
                o.LocalFiles.Paths = [item];
                o.ModelDirectory = Export.Directory;
                o.ModelType = "mobile_sam";
                o.OutputDirectory = Path.Combine(root, "library");
            });
            await using var provider = services.BuildServiceProvider();
            var library = Assert.Single((await provider.GetRequiredService<SegmentS2Workflow>().RunAsync(new SegmentS2Request
            {
                Roi = new WKTReader().Read(roiWkt),
                Start = DemoScene.DateTime.AddDays(-1),
                End = DemoScene.DateTime.AddDays(1),
                Prompts = PromptInput.FromFile(prompts),
            })).Scenes);

            string day(DateTimeOffset d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string toolOut = Path.Combine(root, "tool");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = await Tool.RunAsync(
                ["run", "--scene", item, "--roi", roiWkt, "--prompts", prompts, "--start", day(DemoScene.DateTime.AddDays(-1)), "--end", day(DemoScene.DateTime.AddDays(1)),
                 "--model-dir", Export.Directory, "--model-type", "mobile_sam", "--out", toolOut, "--quiet"], stdout, stderr);
            Assert.True(code == 0, stderr.ToString() + stdout);

            string toolMask = Path.Combine(toolOut, Path.GetFileName(library.SegmentationMaskPath));
            await using var expected = await GeoTiffReader.OpenAsync(library.SegmentationMaskPath);
            await using var actual = await GeoTiffReader.OpenAsync(toolMask);
            Assert.Equal(expected.Image.BandCount, actual.Image.BandCount);
            var window = new PixelWindow(0, 0, expected.Image.Width, expected.Image.Height);
            Assert.Equal(window, new PixelWindow(0, 0, actual.Image.Width, actual.Image.Height));
            var want = new byte[window.PixelCount];
            var got = new byte[window.PixelCount];
            int foreground = 0;
            for (int band = 0; band < expected.Image.BandCount; band++)
            {
                await expected.Image.ReadWindowAsync(band, window, want.AsMemory());
                await actual.Image.ReadWindowAsync(band, window, got.AsMemory());
                Assert.True(want.AsSpan().SequenceEqual(got), $"band {band + 1}: the tool's mask differs from the library's");
                foreground += want.Count(v => v != 0);
            }

            Assert.True(foreground > 0, "no prompt gave a foreground pixel: the comparison would show nothing");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static float[] Encode(InferenceSession session, float[] input, int batch)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(input, [batch, 3, 1024, 1024]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["x"], [x], ["image_embeddings"]);
        Assert.Equal([batch, 256, 64, 64], results[0].GetTensorTypeAndShape().Shape);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static double MaxAbsDifference(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double max = 0;
        for (int i = 0; i < x.Length; i++)
        {
            max = Math.Max(max, Math.Abs(x[i] - y[i]));
        }

        return max;
    }
}

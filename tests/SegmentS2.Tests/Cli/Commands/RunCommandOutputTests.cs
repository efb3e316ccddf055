using System.Globalization;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.TestSupport;
using SegmentS2.Tests.Workflow;

namespace SegmentS2.Tests.Cli.Commands;

/// <summary>
/// <c>run</c> on local data as the getting-started guide shows it: <c>--scene</c> alone (it implies <c>--source local</c>),
/// the demo model by <c>--demo-model</c> or <c>--model-dir</c>, a date as <c>--end</c> meaning the whole day, a progress line
/// per chip, the summary after the progress, and <c>--quiet</c>.
/// </summary>
[Trait(Tool.Trait, Tool.Cli)]
public sealed class RunCommandOutputTests(DemoWorkflowFixture fx) : IClassFixture<DemoWorkflowFixture>
{
    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Tool.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string PromptsFile()
    {
        string path = Path.Combine(fx.Root, $"prompts-{Guid.NewGuid():N}.geojson");
        File.WriteAllText(path, fx.Scene.PromptsGeoJson());
        return path;
    }

    // The scene's day as a date: the acquisition (10:56) is inside it only because a date means the whole day.
    private static string Day => DemoScene.DateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Scene_alone_implies_local_files_and_every_chip_has_a_progress_line_before_the_summary()
    {
        string output = fx.NewOutputDirectory();
        var (code, stdout, stderr) = await Run("run", "--scene", fx.ItemPath, "--roi", fx.Scene.RoiWkt(), "--start", Day, "--end", Day,
            "--prompts", PromptsFile(), "--demo-model", "--s2-raster-bands", "rgb", "--out", output);

        Assert.True(code == 0, stderr + stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int[] chips = Enumerable.Range(1, 4).Select(i => Array.FindIndex(lines, l => l.StartsWith($"scene 1/1: chip {i}/4,", StringComparison.Ordinal))).ToArray();
        Assert.All(chips, i => Assert.True(i >= 0, stdout));
        Assert.Equal(chips.Order(), chips);
        int writing = Array.IndexOf(lines, "scene 1/1: writing outputs");
        int summary = Array.FindIndex(lines, l => l.StartsWith($"scene {DemoScene.ItemId}", StringComparison.Ordinal));
        Assert.True(chips[^1] < writing && writing < summary, stdout);
        Assert.StartsWith("done: 1 scene(s), outputs in ", lines[^1]);
        Assert.Contains("(3 bands: B04,B03,B02)", stdout);
        Assert.DoesNotContain("warn:", stderr); // growing the ROI, opening local files: routine, not warnings
    }

    [Fact]
    public async Task Model_dir_finds_the_demo_model_by_its_file_names_and_quiet_prints_only_the_summary()
    {
        string output = fx.NewOutputDirectory();
        var (code, stdout, stderr) = await Run("run", "--scene", fx.ItemPath, "--roi", fx.Scene.RoiWkt(), "--start", Day, "--end", Day,
            "--prompts", PromptsFile(), "--model-dir", Path.GetDirectoryName(fx.EncoderPath)!, "--s2-raster-bands", "B08", "--quiet", "--out", output);

        Assert.True(code == 0, stderr + stdout);
        Assert.DoesNotContain("chip 1/", stdout);
        Assert.DoesNotContain("searching", stdout);
        Assert.Contains("(1 bands: B08)", stdout);
        Assert.StartsWith("scene ", stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Model_dir_without_model_type_uses_the_folders_one_pair_of_any_type()
    {
        // The demo model under MobileSAM's export names: found without --model-type, and the run goes through.
        string models = Path.Combine(fx.NewOutputDirectory(), "mobile-sam-models");
        Directory.CreateDirectory(models);
        File.Copy(fx.EncoderPath, Path.Combine(models, "mobile_sam_encoder.onnx"));
        File.Copy(fx.DecoderPath, Path.Combine(models, "mobile_sam_decoder.onnx"));
        string output = fx.NewOutputDirectory();
        var (code, stdout, stderr) = await Run("run", "--scene", fx.ItemPath, "--roi", fx.Scene.RoiWkt(), "--start", Day, "--end", Day,
            "--prompts", PromptsFile(), "--model-dir", models, "--s2-raster-bands", "rgb", "--quiet", "--out", output);

        Assert.True(code == 0, stderr + stdout);
        Assert.StartsWith("scene ", stdout);
        Assert.Single(Directory.GetFiles(output, "*.tif", SearchOption.AllDirectories), f => Path.GetFileName(f).Contains("segmentation_mask", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_that_fails_after_the_checks_leaves_no_empty_output_folder()
    {
        string output = Path.Combine(fx.NewOutputDirectory(), "nested", "out");
        // A day without the scene: nothing found, after the output folder was prepared.
        var (code, _, stderr) = await Run("run", "--scene", fx.ItemPath, "--roi", fx.Scene.RoiWkt(), "--start", "2023-06-15", "--end", "2023-06-16",
            "--prompts", PromptsFile(), "--demo-model", "--out", output);

        Assert.Equal(1, code);
        Assert.Contains("No Sentinel-2 scenes", stderr);
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(output))));
    }
}

using System.Text.Json;
using SegmentS2.Tests.Automatic;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Cli.Commands;

/// <summary><c>segment-s2 auto</c> in-process: the reference's flag names, a refusal that names the parameter, and a run whose JSON matches its files.</summary>
[Trait(Tool.Trait, Tool.Cli)]
public sealed class AutoCommandTests(AutomaticFixture fx) : IClassFixture<AutomaticFixture>
{
    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Tool.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string[] Base(string output) =>
    [
        "auto", "--roi", fx.Scene.RoiWkt(), "--start", "2023-06-01", "--end", "2023-06-30", "--scene", fx.ItemPath,
        "--encoder", fx.EncoderPath, "--decoder", fx.DecoderPath, "--out", output,
    ];

    [Fact]
    public async Task A_parameter_out_of_range_is_refused_by_its_reference_name_before_any_folder()
    {
        string output = Path.Combine(fx.Root, "cli-" + Guid.NewGuid().ToString("N")[..8]);
        var (code, _, error) = await Run([.. Base(output), "--pred-iou-thresh", "1.5"]);
        Assert.NotEqual(0, code);
        Assert.Contains("pred_iou_thresh = 1.5 is invalid: it must be in (0, 1)", error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Json_names_the_files_it_wrote_with_the_counts_of_the_run()
    {
        string output = Path.Combine(fx.Root, "cli-" + Guid.NewGuid().ToString("N")[..8]);
        var (code, stdout, error) = await Run([.. Base(output), "--points-per-side", "4", "--pred-iou-thresh", "0.5", "--points-per-batch", "8",
            "--spatial-overlap", "0.5", "--chip-nms-thr", "0.7", "--mask-nms-thr", "0.5", "--stability-score-thresh", "0.95", "--stability-score-offset", "1",
            "--n-crop-layers", "0", "--crop-overlap-ratio", "0", "--crop-n-points-downscale-factor", "1", "--json"]);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(stdout);
        var scene = json.RootElement.GetProperty("scenes")[0];
        Assert.Equal(16 * scene.GetProperty("chipsEncoded").GetInt32(), scene.GetProperty("promptsDecoded").GetInt32());
        Assert.True(scene.GetProperty("masksKept").GetInt32() > 0);
        Assert.True(File.Exists(scene.GetProperty("segmentationMask").GetString()));
        Assert.True(File.Exists(json.RootElement.GetProperty("segments").GetString()));
    }
}

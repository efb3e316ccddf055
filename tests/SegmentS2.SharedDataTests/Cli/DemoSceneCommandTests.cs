using System.Diagnostics;
using System.Text.Json;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.SharedDataTests.Cli;

/// <summary>
/// <c>demo --scene</c> on the real Sentinel-2 crop works from any working directory, with a relative or an absolute path,
/// and its default <c>s2_raster</c> holds the crop's twelve spectral bands, named, on the mask's grid.
/// </summary>
[Trait(Tool.Trait, Tool.Cli)]
public sealed class DemoSceneCommandTests : IDisposable
{
    private readonly string _cwd = Directory.CreateTempSubdirectory("segment-s2-elsewhere-").FullName;

    public void Dispose() => Directory.Delete(_cwd, recursive: true);

    private (int Code, string Output, string Error) RunCli(params string[] args)
    {
        var psi = BuiltTool.StartInfo(args);
        psi.WorkingDirectory = _cwd;

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(300_000), "segment-s2 demo timed out");
        return (p.ExitCode, stdout.Result, stderr);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Demo_scene_runs_from_another_folder_with_a_relative_or_absolute_path(bool relative)
    {
        string scene = SharedData.Path("s2-29RKH-20200219");
        string given = relative ? Path.GetRelativePath(_cwd, scene) : scene;
        var (code, output, error) = RunCli("demo", "--scene", given, "--out", "out");

        Assert.True(code == 0, error + output);
        string folder = Path.Combine(_cwd, "out");
        string s2 = Assert.Single(Directory.GetFiles(folder, "*_s2_raster.tif"));
        string mask = Assert.Single(Directory.GetFiles(folder, "*_segmentation_mask.tif"));
        Assert.Contains("(12 bands: B01,B02,B03,B04,B05,B06,B07,B08,B8A,B09,B11,B12)", output);

        using var info = JsonDocument.Parse(ExternalTool.Run("gdalinfo", "-json", s2));
        using var maskInfo = JsonDocument.Parse(ExternalTool.Run("gdalinfo", "-json", mask));
        Assert.Equal(S2Bands.Reflectance, info.RootElement.GetProperty("bands").EnumerateArray().Select(b => b.GetProperty("description").GetString()!));
        Assert.Equal(S2Bands.Reflectance.Select(S2Bands.CommonNameOf),
            info.RootElement.GetProperty("bands").EnumerateArray().Select(b => b.GetProperty("metadata").GetProperty("").GetProperty("COMMON_NAME").GetString()));
        Assert.Equal(maskInfo.RootElement.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()),
            info.RootElement.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(maskInfo.RootElement.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()),
            info.RootElement.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
    }
}

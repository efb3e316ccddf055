using System.Text.Json;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Cli.Commands;

/// <summary>
/// README's first command, as a newcomer runs it: <c>demo</c> with no options. Its <c>s2_raster</c> holds the twelve
/// spectral bands, named (description and STAC common name), at 10 m on the mask's grid, as GDAL reads it.
/// </summary>
[Trait(Tool.Trait, Tool.Cli)]
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Directory.CreateTempSubdirectory("segment-s2-demo-").FullName, "out");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_out)!, recursive: true);

    [Fact]
    public async Task A_default_demo_writes_an_s2_raster_of_the_twelve_named_spectral_bands_at_10_m_on_the_mask_grid()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Tool.RunAsync(["demo", "--out", _out], output, error);

        Assert.True(code == 0, error.ToString() + output);
        Assert.Contains("(12 bands: B01,B02,B03,B04,B05,B06,B07,B08,B8A,B09,B11,B12)", output.ToString());
        string s2 = Assert.Single(Directory.GetFiles(_out, "*_s2_raster.tif"));
        string mask = Assert.Single(Directory.GetFiles(_out, "*_segmentation_mask.tif"));

        string text = ExternalTool.Run("gdalinfo", s2);
        foreach (var band in S2Bands.Reflectance)
        {
            Assert.Contains($"Description = {band}", text);
            Assert.Contains($"COMMON_NAME={S2Bands.CommonNameOf(band)}", text);
        }

        using var info = JsonDocument.Parse(ExternalTool.Run("gdalinfo", "-json", s2));
        using var maskInfo = JsonDocument.Parse(ExternalTool.Run("gdalinfo", "-json", mask));
        Assert.Equal(S2Bands.Reflectance, info.RootElement.GetProperty("bands").EnumerateArray().Select(b => b.GetProperty("description").GetString()!));
        var transform = info.RootElement.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal((10.0, -10.0), (transform[1], transform[5]));
        Assert.Equal(maskInfo.RootElement.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()), transform);
        Assert.Equal(maskInfo.RootElement.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()),
            info.RootElement.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(maskInfo.RootElement.GetProperty("coordinateSystem").GetProperty("wkt").GetString(),
            info.RootElement.GetProperty("coordinateSystem").GetProperty("wkt").GetString());
    }

    [Fact]
    public async Task The_tool_gives_the_encoders_working_memory_back_after_its_last_chip()
    {
        // One request per process: the tool turns ReleaseEncoderMemoryAfterRun on, and the session logs the shrink once.
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Tool.RunAsync(["demo", "--out", _out, "--verbose"], output, error);

        Assert.True(code == 0, error.ToString() + output);
        var shrinks = error.ToString().Split('\n').Where(l => l.Contains("Encoder arena shrunk after chip", StringComparison.Ordinal)).ToList();
        Assert.Single(shrinks);
    }
}

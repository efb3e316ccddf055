using SegmentS2.Tests.Cli;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.SharedDataTests.Cli;

/// <summary><c>segment-s2 info</c> failures: one line on stderr naming the reason, a non-zero exit code, nothing on stdout.</summary>
[Trait(Tool.Trait, Tool.Cli)]
public class InfoCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await Tool.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static void AssertOneLineError((int Exit, string Output, string Error) result, string reason)
    {
        Assert.NotEqual(0, result.Exit);
        Assert.Equal(string.Empty, result.Output);
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("segment-s2: error: ", lines[0]);
        Assert.Contains(reason, lines[0]);
        Assert.DoesNotContain("   at ", result.Error); // no stack trace
    }

    [Fact]
    public async Task A_missing_file_is_named() =>
        AssertOneLineError(await RunAsync("info", "/no/such/file.tif", "--json"), "not found: ");

    [Fact]
    public async Task An_unsupported_codec_is_named() =>
        AssertOneLineError(await RunAsync("info", SharedData.Path("real-world", "geotiff", "gdal", "byte_lerc.tif"), "--json"), "unsupported GeoTIFF: LERC compression");

    [Fact]
    public async Task A_file_that_is_not_a_tiff_is_named()
    {
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "hello, world");
            AssertOneLineError(await RunAsync("info", path, "--json"), "invalid GeoTIFF: Not a TIFF file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_corrupt_tile_is_named_when_checksumming() =>
        AssertOneLineError(await RunAsync("info", SharedData.Path("real-world", "geotiff", "gdal", "byte_zstd_corrupted.tif"), "--json", "--checksum"), "ZSTD data is corrupt");

    [Fact]
    public async Task A_window_outside_the_image_is_named() =>
        AssertOneLineError(
            await RunAsync("info", SharedData.Path("real-world", "geotiff", "gdal", "byte.tif"), "--json", "--checksum", "--window", "10", "10", "20", "5"),
            "is not a non-empty window inside the 20 x 20 image");

    [Fact]
    public async Task Info_without_checksum_has_no_band_hashes()
    {
        var (exit, output, _) = await RunAsync("info", SharedData.Path("real-world", "geotiff", "gdal", "byte.tif"), "--json");
        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.False(json.RootElement.TryGetProperty("bandSha256", out _));
        Assert.Equal(26711, json.RootElement.GetProperty("epsg").GetInt32()); // byte.tif: NAD27 / UTM zone 11N
    }
}

using System.Globalization;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Sentinel2;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Cli.Commands;

/// <summary>
/// Every error a newcomer met names the offending input and what to do, and comes before any network call or file
/// written. Each test runs the CLI in-process against inputs whose problem is known.
/// </summary>
[Trait(Tool.Trait, Tool.Cli)]
public sealed class RunCommandMessageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("segment-s2-cli-messages-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Tool.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Wkt => ServerScenes.TileRoi.AsText();

    // A foreground point at the ROI's centre, or at the given longitude, latitude.
    private string PromptsFile(double? lon = null, double? lat = null, string? crs = null)
    {
        var c = ServerScenes.TileRoi.Centroid;
        string crsMember = crs is null ? "" : "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"" + crs + "\"}},";
        string path = Path.Combine(_root, $"prompts-{Guid.NewGuid():N}.geojson");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"FeatureCollection",{{{crsMember}}}"features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon ?? c.X:R}}},{{{lat ?? c.Y:R}}}]},"properties":{"prompt_id":1,"label":1}}]}"""));
        return path;
    }

    private string Out => Path.Combine(_root, "out");

    [Fact]
    public async Task A_roi_file_that_does_not_exist_is_named_as_missing()
    {
        var (code, output, error) = await Run("run", "--roi", "fields/missing.geojson", "--start", "2023-06-01", "--end", "2023-06-04",
            "--prompts", PromptsFile(), "--demo-model", "--api-url", "http://127.0.0.1:9/api", "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains("--roi 'fields/missing.geojson': the file does not exist", error);
        Assert.Contains("WKT", error);
        Assert.DoesNotContain("Expected a word", error);
        Assert.DoesNotContain("searching", output);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Search_names_a_missing_roi_file_too()
    {
        var (code, _, error) = await Run("search", "--roi", "missing.geojson", "--start", "2023-06-01", "--end", "2023-06-04", "--api-url", "http://127.0.0.1:9/api");
        Assert.Equal(1, code);
        Assert.Contains("--roi 'missing.geojson': the file does not exist", error);
    }

    [Fact]
    public async Task A_prompts_file_that_does_not_exist_is_named_as_missing()
    {
        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04",
            "--prompts", "clicks.geojson", "--demo-model", "--api-url", "http://127.0.0.1:9/api", "--out", Out);
        Assert.Equal(1, code);
        Assert.Contains("--prompts 'clicks.geojson': the file does not exist", error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task A_prompt_outside_the_roi_is_reported_in_its_own_crs_before_any_request()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        // TileRoi is about 2.3 to 2.33 E, 48.7 N; this prompt is a degree east of it.
        var (code, output, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04",
            "--prompts", PromptsFile(lon: 3.5, lat: 48.72), "--demo-model", "--api-url", server.PlanetaryComputerApiUrl.AbsoluteUri, "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains("prompt_id 1", error);
        Assert.Contains("(3.5, 48.72) in EPSG:4326 (the prompts' CRS)", error);
        Assert.Contains("Move the prompt inside the ROI or enlarge the ROI (--roi)", error);
        var roi = ServerScenes.TileRoi.EnvelopeInternal;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"x {roi.MinX:0.######} to {roi.MaxX:0.######}"), error);
        Assert.Empty(server.Counters.Paths);
        Assert.DoesNotContain("searching", output);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task A_projected_prompt_outside_the_roi_is_reported_in_its_projected_crs()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        // EPSG:32631 metres far south of the ROI (which lies near y = 5 397 000).
        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04",
            "--prompts", PromptsFile(lon: 402000, lat: 5300000, crs: "urn:ogc:def:crs:EPSG::32631"), "--demo-model",
            "--api-url", server.PlanetaryComputerApiUrl.AbsoluteUri, "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains("(402000, 5300000) in EPSG:32631 (the prompts' CRS)", error);
        Assert.Contains("bounds in EPSG:32631", error);
        Assert.Empty(server.Counters.Paths);
    }

    [Fact]
    public async Task Scene_with_a_network_source_is_refused_at_once()
    {
        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(),
            "--demo-model", "--source", "pc", "--scene", Path.Combine(_root, "scene"), "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains($"--scene '{Path.Combine(_root, "scene")}' reads local files, but --source is 'pc'", error);
        Assert.Contains("drop --source", error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task A_jpeg2000_scene_is_named_with_the_fix()
    {
        string jp2 = Path.Combine(_root, "T29RKH_20200219T112111_B04_10m.jp2");
        await File.WriteAllBytesAsync(jp2, [0, 0, 0, 12, 0x6A, 0x50, 0x20, 0x20]);

        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(),
            "--demo-model", "--scene", jp2, "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains($"'{jp2}' is a JPEG 2000 file", error);
        Assert.Contains("gdal_translate", error);
        Assert.DoesNotContain("JSON", error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task A_safe_folder_is_named_with_the_fix()
    {
        string safe = Path.Combine(_root, "S2A_MSIL2A_20200219T112111_N0214_R037_T29RKH_20200219T121913.SAFE");
        Directory.CreateDirectory(safe);
        await File.WriteAllTextAsync(Path.Combine(safe, "manifest.safe"), "<xfdu/>");

        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(),
            "--demo-model", "--scene", safe, "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains($"'{safe}' is a Sentinel-2 SAFE folder", error);
        Assert.Contains("gdal_translate", error);
    }

    [Fact]
    public async Task A_model_folder_without_a_known_pair_lists_the_names_looked_for_and_what_it_holds()
    {
        string models = Path.Combine(_root, "models");
        Directory.CreateDirectory(models);
        await File.WriteAllBytesAsync(Path.Combine(models, "encoder.onnx"), []);

        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(),
            "--model-dir", models, "--api-url", "http://127.0.0.1:9/api", "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains($"The model folder '{models}' holds no encoder/decoder pair of a known model type (vit_b, vit_l, vit_h, mobile_sam)", error);
        Assert.Contains("{type}_encoder.onnx + {type}_decoder.onnx", error);
        Assert.Contains("{type}.encoder.onnx + {type}.decoder.onnx", error);
        Assert.Contains("The folder holds: encoder.onnx", error);
        Assert.False(Directory.Exists(Out));

        // With --model-type, the names of that type.
        (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(),
            "--model-dir", models, "--model-type", "mobile_sam", "--api-url", "http://127.0.0.1:9/api", "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains($"The model folder '{models}' holds no mobile_sam encoder/decoder pair", error);
        Assert.Contains("mobile_sam_encoder.onnx + mobile_sam_decoder.onnx; mobile_sam.encoder.onnx + mobile_sam.decoder.onnx", error);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task A_model_folder_with_pairs_of_two_types_names_both_and_model_type_chooses()
    {
        string models = Path.Combine(_root, "models");
        Directory.CreateDirectory(models);
        foreach (var name in new[] { "vit_b_encoder.onnx", "vit_b_decoder.onnx", "mobile_sam_encoder.onnx", "mobile_sam_decoder.onnx" })
        {
            await File.WriteAllBytesAsync(Path.Combine(models, name), []);
        }

        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(),
            "--model-dir", models, "--api-url", "http://127.0.0.1:9/api", "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains("holds 2 encoder/decoder pairs: vit_b (vit_b_encoder.onnx + vit_b_decoder.onnx); mobile_sam (mobile_sam_encoder.onnx + mobile_sam_decoder.onnx)", error);
        Assert.Contains("--model-type", error);
        Assert.False(Directory.Exists(Out));

        var (badCode, _, badError) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(),
            "--model-dir", models, "--model-type", "vit_t", "--out", Out);
        Assert.NotEqual(0, badCode);
        Assert.Contains("mobile_sam", badError); // the accepted values are listed
    }

    [Fact]
    public async Task Run_without_a_model_says_which_options_give_one()
    {
        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(), "--out", Out);
        Assert.Equal(1, code);
        Assert.Contains("--model-dir DIR", error);
        Assert.Contains("--demo-model", error);
    }

    [Fact]
    public async Task An_unknown_s2_raster_band_is_named()
    {
        var (code, _, error) = await Run("run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(),
            "--demo-model", "--s2-raster-bands", "B04,B13", "--out", Out);
        Assert.Equal(1, code);
        Assert.Contains("--s2-raster-bands 'B04,B13': 'B13' is not a Sentinel-2 band", error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retried_request_is_one_warning_line_and_verbose_brings_the_stack_back(bool verbose)
    {
        await using var server = await LoopbackS2Server.StartAsync();
        server.Faults.Add(new FaultRule(ServerRoute.Search, FaultKind.ConnectionReset) { Times = 1 });
        var args = new List<string>
        {
            "run", "--roi", Wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--prompts", PromptsFile(), "--demo-model",
            "--api-url", server.PlanetaryComputerApiUrl.AbsoluteUri, "--out", Out,
        };
        if (verbose)
        {
            args.Add("--verbose");
        }

        var (code, _, error) = await Run([.. args]);

        // The search is retried once, then finds nothing: exit 1 with the no-scenes error.
        Assert.Equal(1, code);
        Assert.Equal(1, server.Faults.Injected);
        Assert.Contains("No Sentinel-2 scenes", error, StringComparison.OrdinalIgnoreCase);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var warnings = lines.Where(l => l.StartsWith("warn:", StringComparison.Ordinal)).ToList();
        var retry = Assert.Single(warnings, l => !l.StartsWith("warn: Polly", StringComparison.Ordinal));
        Assert.Contains("HTTP attempt 1 HttpRequestException", retry);
        Assert.Contains("retrying in", retry);
        Assert.Contains(server.BaseUrl.Authority, retry); // the request's URL
        Assert.Equal(verbose, warnings.Count > 1); // Polly's own events, with their exceptions, only with --verbose
        bool stack = lines.Any(l => l.StartsWith("at ", StringComparison.Ordinal));
        Assert.Equal(verbose, stack);
        if (!verbose)
        {
            Assert.True(error.Length < 2000, error);
        }
    }
}

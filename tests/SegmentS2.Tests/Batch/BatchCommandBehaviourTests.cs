using System.Globalization;
using System.Text.Json;
using SegmentS2.Batch;
using SegmentS2.Cli.Commands;
using SegmentS2.Output;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Batch;

/// <summary>
/// <c>batch</c> behaves as <c>run</c> does, each behaviour checked on the built tool in its own process: <c>--scene</c> means
/// local files, the same model options, <c>-q</c> / <c>-v</c>, a progress line per chip, one-line retry warnings, the
/// Planetary Computer key from the environment, field layers told apart by content, refusals that name the file and leave
/// no folder behind.
/// </summary>
[Trait(Tool.Trait, Tool.Cli)]
public sealed class BatchCommandBehaviourTests(BatchFixture fx) : IClassFixture<BatchFixture>
{
    private static readonly string Start = DemoScene.DateTime.AddDays(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static readonly string End = DemoScene.DateTime.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string[] Local(string output, string prompts, params string[] more) =>
        ["batch", "--prompts", prompts, "--start", Start, "--end", End, "--scene", fx.ItemPath, "--out", output, .. more];

    [Fact]
    public async Task Scene_alone_means_local_files_and_model_dir_finds_the_model()
    {
        string output = fx.NewOutputDirectory();
        var (code, stdout, stderr) = await BuiltTool.RunAsync(Local(output, fx.PromptsPath, "--model-dir", Path.GetDirectoryName(fx.EncoderPath)!, "--json"));

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(36, doc.RootElement.GetProperty("fieldsSegmented").GetInt32());
        Assert.Equal(BatchFixture.ClusterCount, doc.RootElement.GetProperty("chipsEncoded").GetInt32());
        Assert.DoesNotContain("planetarycomputer", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Demo_model_progress_per_chip_and_quiet_and_verbose_print_as_run_does()
    {
        string output = fx.NewOutputDirectory();
        var (code, stdout, stderr) = await BuiltTool.RunAsync(Local(output, fx.PromptsPath, "--demo-model"));
        Assert.True(code == 0, stderr);
        Assert.Contains("--demo-model is the SAM-contract DEMO model", stdout, StringComparison.Ordinal);
        for (int chip = 1; chip <= BatchFixture.ClusterCount; chip++)
        {
            Assert.Contains($"chip {chip}/{BatchFixture.ClusterCount}", stdout, StringComparison.Ordinal);
        }

        // -q: the summary only; -v: Information events on stderr.
        var quiet = await BuiltTool.RunAsync(Local(fx.NewOutputDirectory(), fx.PromptsPath, "--demo-model", "-q"));
        Assert.Equal(0, quiet.Code);
        Assert.DoesNotContain("chip 1/", quiet.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO model", quiet.Output, StringComparison.Ordinal);
        Assert.Contains("output:", quiet.Output, StringComparison.Ordinal);
        Assert.Empty(quiet.Error.Trim());
        var verbose = await BuiltTool.RunAsync(Local(fx.NewOutputDirectory(), fx.PromptsPath, "--demo-model", "-v"));
        Assert.Equal(0, verbose.Code);
        Assert.Contains("info: ", verbose.Error, StringComparison.Ordinal);
        Assert.Contains("Batch: 38 fields", verbose.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_search_is_one_warning_line_and_the_key_comes_from_the_environment()
    {
        await using var server = await LoopbackS2Server.StartAsync(new LoopbackS2ServerOptions { RequiredSubscriptionKey = "the-key" });
        server.Faults.Add(new FaultRule(ServerRoute.Search, FaultKind.ConnectionReset) { Times = 1 });
        string output = fx.NewOutputDirectory();
        string[] args = ["batch", "--prompts", fx.PromptsPath, "--start", Start, "--end", End, "--demo-model", "--api-url", server.PlanetaryComputerApiUrl.AbsoluteUri, "--out", output];

        // With the key: the search is retried once, finds no scene there, and every field is reported (exit 2: nothing segmented).
        var (code, stdout, stderr) = await BuiltTool.RunAsync(args, new Dictionary<string, string?> { ["PC_SDK_SUBSCRIPTION_KEY"] = "the-key" });
        Assert.True(code == BatchCommand.FieldsFailedExitCode, stderr);
        Assert.Equal(1, server.Faults.Injected);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var retry = Assert.Single(lines, l => l.StartsWith("warn:", StringComparison.Ordinal));
        Assert.Contains("retrying in", retry, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("at ", StringComparison.Ordinal));
        Assert.Contains("lies outside every scene", stdout, StringComparison.Ordinal);

        // Without it the server refuses the search: one error line naming the failure, and no folder left behind.
        string refused = fx.NewOutputDirectory();
        var without = await BuiltTool.RunAsync(args.Select(a => a == output ? refused : a));
        Assert.Equal(1, without.Code);
        Assert.StartsWith("segment-s2: error:", without.Error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", without.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(refused));
    }

    [Fact]
    public async Task A_geopackage_layer_is_recognised_by_content_whatever_its_name()
    {
        string gpkg = fx.NewOutputDirectory() + "-fields.gpkg";
        ExternalTool.Run("ogr2ogr", "-f", "GPKG", gpkg, fx.PromptsPath);
        string renamed = Path.ChangeExtension(gpkg, ".dat");
        File.Move(gpkg, renamed);

        var (code, stdout, stderr) = await BuiltTool.RunAsync(Local(fx.NewOutputDirectory(), renamed, "--demo-model", "--json"));

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(38, doc.RootElement.GetProperty("fields").GetInt32());
        Assert.Equal(36, doc.RootElement.GetProperty("fieldsSegmented").GetInt32());
    }

    [Theory]
    [InlineData("binary", "is neither GeoJSON nor a GeoPackage (it starts with 0xDD 0x00")]
    [InlineData("broken-json", "is not valid JSON")]
    [InlineData("empty-layer", "has no features: a batch needs at least one field")]
    public async Task A_bad_field_layer_is_refused_naming_the_file_and_leaves_no_folder(string kind, string expected)
    {
        string layer = fx.NewOutputDirectory() + "-" + kind + ".geojson";
        switch (kind)
        {
            case "binary":
                await File.WriteAllBytesAsync(layer, [0xDD, 0x00, 0x13, 0x37, 0x42]);
                break;
            case "broken-json":
                await File.WriteAllTextAsync(layer, """{"type":"FeatureCollection","features":[{"type":""");
                break;
            default:
                await File.WriteAllTextAsync(layer, """{"type":"FeatureCollection","features":[]}""");
                break;
        }

        string output = fx.NewOutputDirectory();
        var (code, stdout, stderr) = await BuiltTool.RunAsync(Local(output, layer, "--demo-model"));

        Assert.Equal(1, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains(layer, stderr, StringComparison.Ordinal);
        if (kind != "empty-layer")
        {
            Assert.Contains("GeoJSON FeatureCollection or a GeoPackage", stderr, StringComparison.Ordinal);
        }

        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("chip 1/", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Scene_with_a_network_source_is_refused_at_once()
    {
        string output = fx.NewOutputDirectory();
        var (code, _, stderr) = await BuiltTool.RunAsync(Local(output, fx.PromptsPath, "--demo-model", "--source", "pc"));

        Assert.Equal(1, code);
        Assert.Contains("reads local files, but --source is 'pc'", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Plan_dry_runs_a_field_layer_with_the_chips_fields_and_shards_the_batch_then_uses()
    {
        var (code, stdout, stderr) = await BuiltTool.RunAsync(["plan", "--fields", fx.PromptsPath, "--start", Start, "--end", End, "--scene", fx.ItemPath, "--shard-count", "3", "--json"]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(38, root.GetProperty("fields").GetInt32());
        var scene = Assert.Single(root.GetProperty("scenes").EnumerateArray());
        Assert.Equal(DemoScene.ItemId, scene.GetProperty("id").GetString());
        var chips = scene.GetProperty("chips").EnumerateArray().ToList();
        Assert.Equal(BatchFixture.ClusterCount, chips.Count);
        Assert.All(chips, c => Assert.Equal(BatchFixture.FieldsPerCluster, c.GetProperty("fields").GetArrayLength()));
        Assert.Equal(["bg", "far"], root.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("promptId").GetString()!).ToArray());

        // Shard 1 of 3 then encodes exactly the chips the plan gave it, with their fields.
        string output = fx.NewOutputDirectory();
        var batch = await BuiltTool.RunAsync(Local(output, fx.PromptsPath, "--demo-model", "--shard-count", "3", "--shard-index", "1", "--json"));
        Assert.True(batch.Code == 0, batch.Error);
        var rows = FieldGeoPackage.ReadMasks(Path.Combine(output, FieldGeoPackage.FileName));
        var planned = chips.Where(c => c.GetProperty("shard").GetInt32() == 1).ToList();
        Assert.Equal(
            planned.Select(c => string.Join(",", c.GetProperty("window").EnumerateArray().Select(v => v.GetInt32()))).Order(StringComparer.Ordinal),
            rows.Select(r => r.Chip).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            planned.SelectMany(c => c.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!)).Order(StringComparer.Ordinal),
            rows.Select(r => r.PromptId).Order(StringComparer.Ordinal));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using SegmentS2.Batch;
using SegmentS2.Output;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Batch;

[Trait(Tool.Trait, Tool.Cli)]
public sealed class BatchCliTests(BatchFixture fx) : IClassFixture<BatchFixture>
{
    private string[] Args(string output, params string[] more) =>
    [
        "batch", "--prompts", fx.PromptsPath,
        "--start", DemoScene.DateTime.AddDays(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "--end", DemoScene.DateTime.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "--encoder", fx.EncoderPath, "--decoder", fx.DecoderPath, "--source", "local", "--scene", fx.ItemPath, "--out", output, .. more,
    ];

    [Fact]
    public async Task Json_prints_one_object_and_fail_on_error_turns_the_two_bad_fields_into_exit_code_2()
    {
        string output = fx.NewOutputDirectory();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await Tool.RunAsync(Args(output, "--json"), stdout, stderr);

        Assert.True(code == 0, stderr.ToString());
        using var doc = JsonDocument.Parse(stdout.ToString()); // throws unless stdout is exactly one JSON value
        var root = doc.RootElement;
        Assert.Equal(38, root.GetProperty("fields").GetInt32());
        Assert.Equal(36, root.GetProperty("fieldsSegmented").GetInt32());
        Assert.Equal(1, root.GetProperty("scenes").GetInt32());
        Assert.Equal(BatchFixture.ClusterCount, root.GetProperty("chipsEncoded").GetInt32());
        Assert.Equal(Path.GetFullPath(Path.Combine(output, FieldGeoPackage.FileName)), root.GetProperty("output").GetString());
        var failures = root.GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal(["bg", "far"], failures.Select(f => f.GetProperty("promptId").GetString()!).ToArray());
        Assert.All(failures, f => Assert.Contains("field " + f.GetProperty("promptId").GetString(), f.GetProperty("reason").GetString(), StringComparison.Ordinal));

        // Again, with --fail-on-error: nothing left to encode, the same failures, exit code 2; the summary table names them.
        stdout = new StringWriter();
        code = await Tool.RunAsync(Args(output, "--fail-on-error"), stdout, stderr);
        Assert.Equal(2, code);
        Assert.Contains("lies outside every scene", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("only background points", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_geopackage_of_prompts_written_by_gdal_gives_the_same_masks_as_the_geojson()
    {
        string gpkg = Path.Combine(fx.NewOutputDirectory() + "-prompts.gpkg");
        TestSupport.ExternalTool.Run("ogr2ogr", "-f", "GPKG", gpkg, fx.PromptsPath);
        string output = fx.NewOutputDirectory();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = Args(output, "--json");
        args[Array.IndexOf(args, fx.PromptsPath)] = gpkg;
        Assert.True(await Tool.RunAsync(args, stdout, stderr) == 0, stderr.ToString());

        using var doc = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(38, doc.RootElement.GetProperty("fields").GetInt32());
        Assert.Equal(36, doc.RootElement.GetProperty("fieldsSegmented").GetInt32());
        Assert.Equal(BatchFixture.ClusterCount, doc.RootElement.GetProperty("chipsEncoded").GetInt32());
        var rows = FieldGeoPackage.ReadMasks(Path.Combine(output, FieldGeoPackage.FileName));
        foreach (var (id, x, y) in fx.Fields)
        {
            var row = Assert.Single(rows, row => row.PromptId == id);
            var chip = row.Chip.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            long expected = BatchFixture.Disc(chip[0], chip[1], x, y, (int)x - 45, (int)y - 45, 90, 90).Sum(b => (long)b);
            Assert.Equal(expected, row.PixelCount);
        }
    }

    [Fact]
    public async Task Three_shards_in_separate_processes_some_killed_and_rerun_give_the_rows_of_one_run()
    {
        string single = fx.NewOutputDirectory();
        Assert.Equal(0, await Tool.RunAsync(Args(single, "--json"), new StringWriter(), new StringWriter()));

        var shards = Enumerable.Range(0, 3).Select(_ => fx.NewOutputDirectory()).ToArray();
        var killed = new bool[3];
        // Shards 0 and 2 are killed as soon as their GeoPackage exists (mid-run), then run again to the end.
        foreach (int i in new[] { 0, 2 })
        {
            using var process = Start(Args(shards[i], "--shard-count", "3"), i);
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && !File.Exists(Path.Combine(shards[i], FieldGeoPackage.FileName)) && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(5);
            }

            if (!process.HasExited)
            {
                process.Kill();
                killed[i] = true;
            }

            process.WaitForExit();
        }

        var encoded = new int[3];
        for (int i = 0; i < 3; i++)
        {
            using var process = Start(Args(shards[i], "--shard-count", "3", "--json"), i);
            string stdout = await process.StandardOutput.ReadToEndAsync();
            string stderr = await process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "a shard ran for over 2 minutes");
            Assert.True(process.ExitCode == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal(i, doc.RootElement.GetProperty("shard").GetProperty("index").GetInt32());
            encoded[i] = doc.RootElement.GetProperty("chipsEncoded").GetInt32();
        }

        // No chip in two shards, and the shards' chips are the single run's.
        var chips = shards.Select(s => FieldGeoPackage.ReadMasks(Path.Combine(s, FieldGeoPackage.FileName)).Select(m => m.Chip).ToHashSet()).ToArray();
        Assert.Empty(chips[0].Intersect(chips[1]));
        Assert.Empty(chips[0].Intersect(chips[2]));
        Assert.Empty(chips[1].Intersect(chips[2]));
        var singleRows = FieldGeoPackage.ReadMasks(Path.Combine(single, FieldGeoPackage.FileName));
        Assert.Equal(singleRows.Select(r => r.Chip).ToHashSet(), chips.SelectMany(c => c).ToHashSet());
        Assert.Equal(BatchFixture.ClusterCount, chips.Sum(c => c.Count));
        Assert.True(encoded.Sum() <= BatchFixture.ClusterCount, $"the reruns encoded {string.Join(", ", encoded)} chips");

        string merged = fx.NewOutputDirectory();
        var stdoutMerge = new StringWriter();
        Assert.Equal(0, await Tool.RunAsync(["merge", .. shards, "--out", merged, "--json"], stdoutMerge, new StringWriter()));
        using (var doc = JsonDocument.Parse(stdoutMerge.ToString()))
        {
            Assert.Equal(36, doc.RootElement.GetProperty("masks").GetInt32());
            Assert.Equal(38, doc.RootElement.GetProperty("runs").GetInt32());
        }

        string mergedFile = Path.Combine(merged, FieldGeoPackage.FileName);
        var mergedRows = FieldGeoPackage.ReadMasks(mergedFile);
        Assert.Equal(singleRows.Count, mergedRows.Count);
        for (int i = 0; i < singleRows.Count; i++)
        {
            Assert.Equal(singleRows[i] with { Geometry = Point.Empty }, mergedRows[i] with { Geometry = Point.Empty });
            Assert.True(singleRows[i].Geometry.EqualsExact(mergedRows[i].Geometry), singleRows[i].PromptId);
        }

        Assert.Equal(FieldGeoPackage.ReadRuns(Path.Combine(single, FieldGeoPackage.FileName)).Select(r => r with { ShardIndex = null, ShardCount = null }),
            FieldGeoPackage.ReadRuns(mergedFile).Select(r => r with { ShardIndex = null, ShardCount = null }));

        // merge of two of the three shards exits non-zero, naming the missing shard; --allow-partial accepts them.
        var stderrPartial = new StringWriter();
        Assert.Equal(1, await Tool.RunAsync(["merge", shards[0], shards[2], "--out", fx.NewOutputDirectory()], new StringWriter(), stderrPartial));
        Assert.Contains("shard 1 is missing", stderrPartial.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await Tool.RunAsync(["merge", shards[0], shards[2], "--out", fx.NewOutputDirectory(), "--allow-partial"], new StringWriter(), new StringWriter()));
        Assert.True(killed.Count(k => k) >= 1, "no shard was still running when it was to be killed");
    }

    [Fact]
    public async Task Field_masks_are_2d_multipolygons_that_gdal_exports_to_geojson_and_finds_valid()
    {
        string output = fx.NewOutputDirectory();
        var stderr = new StringWriter();
        Assert.True(await Tool.RunAsync(Args(output), new StringWriter(), stderr) == 0, stderr.ToString());
        string gpkg = Path.Combine(output, FieldGeoPackage.FileName);

        // GDAL's own reading of the layer: geometry type, and every feature's geometry (GEOS validity through OGR).
        string report = TestSupport.PythonOracle.RunInline("""
            import sys
            from osgeo import ogr
            ds = ogr.Open(sys.argv[1])
            layer = ds.GetLayerByName("field_masks")
            print(ogr.GeometryTypeToName(layer.GetGeomType()))
            rows = 0; null = 0; invalid = 0; not2d = 0
            for f in layer:
                rows += 1
                g = f.GetGeometryRef()
                if g is None:
                    null += 1
                    continue
                if g.IsValid() is False:
                    invalid += 1
                if g.Is3D() or g.IsMeasured():
                    not2d += 1
            print(rows, null, invalid, not2d)
            """, [gpkg]);
        var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Multi Polygon", lines[0]);
        Assert.Equal($"{fx.Fields.Count} 0 0 0", lines[1]);

        // ogr2ogr to GeoJSON: no NaN coordinate warning, no null geometry, every field's polygon where its point is.
        string geojson = Path.Combine(output, "fields.geojson");
        TestSupport.ExternalTool.Run("ogr2ogr", "-f", "GeoJSON", geojson, gpkg, FieldGeoPackage.MasksLayer);
        var json = new JsonSerializerOptions();
        json.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory());
        var features = JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(await File.ReadAllTextAsync(geojson), json)!;
        Assert.Equal(fx.Fields.Count, features.Count);
        foreach (var feature in features)
        {
            var geometry = Assert.IsType<MultiPolygon>(feature.Geometry);
            Assert.True(geometry.IsValid, (string)feature.Attributes["prompt_id"]);
            var field = Assert.Single(fx.Fields, f => f.Id == (string)feature.Attributes["prompt_id"]);
            var (lon, lat) = fx.Scene.PixelToLonLat(field.X, field.Y);
            Assert.True(geometry.Contains(new Point(lon, lat)), field.Id);
        }
    }

    // The published tool in its own process; the shard index comes from JOB_COMPLETION_INDEX, as in a Kubernetes Indexed Job.
    private static Process Start(string[] args, int jobIndex)
    {
        var start = BuiltTool.StartInfo(args);
        start.Environment["JOB_COMPLETION_INDEX"] = jobIndex.ToString(CultureInfo.InvariantCulture);
        return Process.Start(start)!;
    }
}

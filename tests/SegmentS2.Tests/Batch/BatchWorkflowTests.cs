using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using SegmentS2.Batch;
using SegmentS2.GeoTiff;
using SegmentS2.Output;
using SegmentS2.Projection;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.TestSupport;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Batch;

public sealed class BatchWorkflowTests(BatchFixture fx) : IClassFixture<BatchFixture>
{
    private ServiceProvider Services(string output, bool releaseEncoderMemory = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [fx.ItemPath];
            o.EncoderPath = fx.EncoderPath;
            o.DecoderPath = fx.DecoderPath;
            o.OutputDirectory = output;
            o.ReleaseEncoderMemoryAfterRun = releaseEncoderMemory;
        });
        return services.BuildServiceProvider();
    }

    private BatchRequest Request(string output, bool masks = false, int shard = 0, int shards = 1) => new()
    {
        Prompts = PromptInput.FromFile(fx.PromptsPath),
        Start = DemoScene.DateTime.AddDays(-5),
        End = DemoScene.DateTime.AddDays(5),
        OutputDirectory = output,
        WriteMasks = masks,
        ShardIndex = shard,
        ShardCount = shards,
    };

    [Fact]
    public async Task Thirty_six_fields_in_six_clusters_take_six_encoder_runs_with_exact_masks_and_both_bad_fields_reported()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        var sam = sp.GetRequiredService<ISamSession>();
        long before = sam.EncoderRuns;
        var progress = new List<BatchProgress>();
        var result = await workflow.RunBatchAsync(Request(output, masks: true), new SyncProgress<BatchProgress>(progress.Add));

        // 38 groups: 36 fields, "bg" (background only) and "far" (outside the scene).
        Assert.Equal(38, result.Fields);
        Assert.Equal(36, result.FieldsSegmented);
        Assert.Equal(1, result.Scenes);
        // No chip can hold two clusters (they are a chip apart), so any cover needs 6 chips; per-field runs would need 36.
        Assert.Equal(BatchFixture.ClusterCount, result.ChipsEncoded);
        Assert.Equal(BatchFixture.ClusterCount, sam.EncoderRuns - before);
        Assert.Equal(["bg", "far"], result.Failures.Select(f => f.PromptId).ToArray());
        Assert.Contains("field bg has only background points", result.Failures[0].Reason, StringComparison.Ordinal);
        Assert.Contains("field far lies outside every scene", result.Failures[1].Reason, StringComparison.Ordinal);
        Assert.Equal(BatchStage.Completed, progress[^1].Stage);
        Assert.Contains(progress, p => p.Stage == BatchStage.Segmenting && p.ChipCount == BatchFixture.ClusterCount);

        var rows = FieldGeoPackage.ReadMasks(result.Output);
        Assert.Equal(fx.Fields.Select(f => f.Id).Order(StringComparer.Ordinal), rows.Select(r => r.PromptId));
        var toUtm = CrsTransform.Create(CrsRegistry.Wgs84, DemoScene.Epsg);
        var gt = fx.Scene.GeoTransform;
        foreach (var (id, x, y) in fx.Fields)
        {
            var row = Assert.Single(rows, r => r.PromptId == id);
            Assert.Equal(DemoScene.ItemId, row.SceneId);
            Assert.Equal("2023-06-14T10:56:19.000Z", row.DateTime);

            // The exact mask, independently: the contract decoder's disc around the field's point, in its chip.
            var chip = row.Chip.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            int c0 = (int)Math.Floor(x - BatchFixture.DiscRadius) - 1, r0 = (int)Math.Floor(y - BatchFixture.DiscRadius) - 1;
            int size = (int)(2 * BatchFixture.DiscRadius) + 4;
            long expected = BatchFixture.Disc(chip[0], chip[1], x, y, c0, r0, size, size).Sum(b => (long)b);
            Assert.InRange(expected, 4900, 5150); // pi * 40^2 = 5027

            Assert.Equal(expected, row.PixelCount);
            Assert.Equal(expected * 100.0, row.AreaM2, 6);
            Assert.Equal(0.0, row.CloudFraction); // the demo scene's SCL has no cloud class
            Assert.Equal(1024, chip[2]);
            Assert.True(chip[0] + 128 <= x && x <= chip[0] + 1024 - 128 && chip[1] + 128 <= y && y <= chip[1] + 1024 - 128, $"{id} at ({x}, {y}) in chip {row.Chip}");

            // The polygon, back in UTM, covers exactly the mask's pixels.
            Assert.IsType<MultiPolygon>(row.Geometry);
            Assert.Equal(4326, row.Geometry.SRID);
            Assert.Equal(expected * 100.0, toUtm.Transform(row.Geometry).Area, 1e-3 * expected * 100);

            // The mask GeoTIFF (WriteMasks), pixel for pixel.
            string tif = Path.Combine(output, FieldGeoPackage.OutputMasksFolder, $"{id}_{DemoScene.ItemId}.tif");
            await using var reader = await GeoTiffReader.OpenAsync(tif);
            var image = reader.Image;
            var band = new byte[image.Width * image.Height];
            await image.ReadWindowAsync(0, new PixelWindow(0, 0, image.Width, image.Height), band.AsMemory());
            var tgt = image.GeoTransform!.Value;
            int left = (int)Math.Round((tgt.X0 - gt.X0) / gt.Dx), top = (int)Math.Round((tgt.Y0 - gt.Y0) / gt.Dy);
            Assert.Equal(BatchFixture.Disc(chip[0], chip[1], x, y, left, top, image.Width, image.Height), band);
            Assert.Equal(expected, band.Sum(b => (long)b));
        }

        var runs = FieldGeoPackage.ReadRuns(result.Output);
        Assert.Equal(38, runs.Count);
        Assert.Equal(36, runs.Count(r => r.Status == FieldRunRow.Segmented && r.SceneId == DemoScene.ItemId));
        Assert.Equal(["bg", "far"], runs.Where(r => r.Status == FieldRunRow.Failed).Select(r => r.PromptId).ToArray());
    }

    [Fact]
    public async Task Running_the_same_batch_again_encodes_nothing_and_leaves_the_rows_unchanged()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        var sam = sp.GetRequiredService<ISamSession>();
        var first = await workflow.RunBatchAsync(Request(output));
        var masks = FieldGeoPackage.ReadMasks(first.Output);
        var runs = FieldGeoPackage.ReadRuns(first.Output);
        byte[] fileBefore = await File.ReadAllBytesAsync(first.Output);

        long before = sam.EncoderRuns;
        var second = await workflow.RunBatchAsync(Request(output));

        Assert.Equal(BatchFixture.ClusterCount, first.ChipsEncoded);
        Assert.Equal(0, second.ChipsEncoded);
        Assert.Equal(0, sam.EncoderRuns - before);
        Assert.Equal(0, second.RowsWritten);
        Assert.Equal(first.FieldsSegmented, second.FieldsSegmented);
        Assert.Equal(first.Failures, second.Failures);
        AssertSameRows(masks, FieldGeoPackage.ReadMasks(second.Output));
        Assert.Equal(runs, FieldGeoPackage.ReadRuns(second.Output));
        Assert.Equal(fileBefore, await File.ReadAllBytesAsync(second.Output));
    }

    [Fact]
    public async Task A_rerun_with_the_failing_fields_removed_reports_only_the_current_layer_and_encodes_nothing()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        var first = await workflow.RunBatchAsync(Request(output));
        Assert.Equal(["bg", "far"], first.Failures.Select(f => f.PromptId).ToArray());

        // The user drops the two bad fields and runs again into the same folder.
        var layer = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(fx.PromptsPath))!.AsObject();
        var features = layer["features"]!.AsArray();
        foreach (var bad in features.Where(f => (string?)f!["properties"]!["prompt_id"] is "bg" or "far").ToList())
        {
            features.Remove(bad);
        }

        var second = await workflow.RunBatchAsync(Request(output) with { Prompts = PromptInput.FromGeoJson(layer.ToJsonString()) });

        Assert.Equal(36, second.Fields);
        Assert.Equal(36, second.FieldsSegmented);
        Assert.Empty(second.Failures);
        Assert.Equal(0, second.ChipsEncoded);
        Assert.Equal(0, second.RowsWritten);
    }

    [Fact]
    public async Task A_field_polygon_of_a_million_vertices_is_segmented_as_its_box_without_a_quadratic_predicate()
    {
        // A star-shaped ring of 1,000,000 vertices around a chip centre (radius 30 to 34 px), as a hostile layer may hold.
        const int vertices = 1_000_000;
        var (cx, cy) = BatchFixture.ClusterCentres[0];
        var ring = new System.Text.StringBuilder(vertices * 44);
        for (int k = 0; k <= vertices; k++)
        {
            double a = 2 * Math.PI * (k % vertices) / vertices, r = k % 2 == 0 ? 30 : 34;
            var (lon, lat) = fx.Scene.PixelToLonLat(cx + r * Math.Cos(a), cy + r * Math.Sin(a));
            ring.Append(k > 0 ? "," : "").Append(CultureInfo.InvariantCulture, $"[{lon:R},{lat:R}]");
        }

        string layer = $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[{{{ring}}}]]},"properties":{"prompt_id":"huge","label":1}}]}""";
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a hang fails the test instead of the suite
        var result = await sp.GetRequiredService<SegmentS2Workflow>().RunBatchAsync(Request(output) with { Prompts = PromptInput.FromGeoJson(layer) }, null, limit.Token);

        Assert.True(result.FieldsSegmented == 1, string.Join("; ", result.Failures.Select(f => f.Reason)));
        var row = Assert.Single(FieldGeoPackage.ReadMasks(result.Output));
        // The contract decoder fills the box: the polygon's bounds, 68 x 68 px around the centre (rows and columns cut
        // by the reference's rounding), so about 68 * 68 pixels.
        Assert.InRange(row.PixelCount, 66 * 66, 69 * 69);
    }

    [Fact]
    public async Task Three_shards_encode_disjoint_chips_and_merge_to_the_rows_of_one_run()
    {
        string single = fx.NewOutputDirectory();
        await using var sp = Services(single);
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        var one = await workflow.RunBatchAsync(Request(single));

        var shardDirs = new List<string>();
        var chipsByShard = new List<HashSet<string>>();
        int encoded = 0;
        for (int i = 0; i < 3; i++)
        {
            string dir = fx.NewOutputDirectory();
            shardDirs.Add(dir);
            var r = await workflow.RunBatchAsync(Request(dir, shard: i, shards: 3));
            Assert.Equal(BatchFixture.ClusterCount, r.ChipsPlannedAllShards);
            Assert.Equal(r.ChipsPlanned, r.ChipsEncoded);
            encoded += r.ChipsEncoded;
            chipsByShard.Add(FieldGeoPackage.ReadMasks(r.Output).Select(m => m.Chip).ToHashSet());
        }

        Assert.Equal(one.ChipsEncoded, encoded);
        for (int a = 0; a < 3; a++)
        {
            for (int b = a + 1; b < 3; b++)
            {
                Assert.Empty(chipsByShard[a].Intersect(chipsByShard[b]));
            }
        }

        string merged = fx.NewOutputDirectory();
        var (maskRows, runRows) = FieldGeoPackage.Merge(shardDirs, merged);
        string mergedFile = Path.Combine(merged, FieldGeoPackage.FileName);
        AssertSameRows(FieldGeoPackage.ReadMasks(one.Output), FieldGeoPackage.ReadMasks(mergedFile));
        Assert.Equal(WithoutShard(FieldGeoPackage.ReadRuns(one.Output)), WithoutShard(FieldGeoPackage.ReadRuns(mergedFile)));
        Assert.Equal(36, maskRows);
        Assert.Equal(38, runRows);

        // Each row keeps the shard that wrote it; the single run's rows are shard 0 of 1.
        Assert.All(FieldGeoPackage.ReadRuns(one.Output), r => Assert.Equal((0, 1), (r.ShardIndex, r.ShardCount)));
        var mergedRuns = FieldGeoPackage.ReadRuns(mergedFile);
        Assert.All(mergedRuns, r => Assert.Equal(3, r.ShardCount));
        for (int i = 0; i < 3; i++)
        {
            var shardRuns = FieldGeoPackage.ReadRuns(Path.Combine(shardDirs[i], FieldGeoPackage.FileName));
            Assert.All(shardRuns, r => Assert.Equal((i, 3), (r.ShardIndex, r.ShardCount)));
        }

        Assert.Equal([(0, 3), (1, 3), (2, 3)], FieldGeoPackage.ReadShards(mergedFile));

        // Two of the three shards: refused, naming the missing one, unless a partial merge is asked for.
        string partial = fx.NewOutputDirectory();
        var refused = Assert.Throws<SegmentS2InputException>(() => FieldGeoPackage.Merge([shardDirs[0], shardDirs[2]], partial));
        Assert.Contains("shard 1 is missing", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(partial, FieldGeoPackage.FileName)));
        var (partialMasks, _) = FieldGeoPackage.Merge([shardDirs[0], shardDirs[2]], partial, allowPartial: true);
        Assert.Equal(FieldGeoPackage.ReadMasks(Path.Combine(shardDirs[0], FieldGeoPackage.FileName)).Count + FieldGeoPackage.ReadMasks(Path.Combine(shardDirs[2], FieldGeoPackage.FileName)).Count, partialMasks);
    }

    private static IEnumerable<FieldRunRow> WithoutShard(IEnumerable<FieldRunRow> rows) => rows.Select(r => r with { ShardIndex = null, ShardCount = null });

    [Fact]
    public async Task The_geopackage_is_read_by_gdal_as_a_multipolygon_layer_in_epsg_4326_with_the_documented_columns()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var result = await sp.GetRequiredService<SegmentS2Workflow>().RunBatchAsync(Request(output));

        string info = ExternalTool.Run("ogrinfo", "-so", "-ro", result.Output, FieldGeoPackage.MasksLayer);
        Assert.Contains("Geometry: Multi Polygon", info, StringComparison.Ordinal);
        Assert.Contains("Feature Count: 36", info, StringComparison.Ordinal);
        Assert.Matches("ID\\[\"EPSG\",4326\\]|AUTHORITY\\[\"EPSG\",\"4326\"\\]", info);
        Assert.Contains("prompt_id: String", info, StringComparison.Ordinal);
        Assert.Contains("scene_id: String", info, StringComparison.Ordinal);
        Assert.Contains("datetime: String", info, StringComparison.Ordinal);
        Assert.Contains("pixel_count: Integer64", info, StringComparison.Ordinal);
        Assert.Contains("area_m2: Real", info, StringComparison.Ordinal);
        Assert.Contains("cloud_fraction: Real", info, StringComparison.Ordinal);
        Assert.Contains("chip: String", info, StringComparison.Ordinal);

        string runs = ExternalTool.Run("ogrinfo", "-so", "-ro", result.Output, FieldGeoPackage.RunsTable);
        Assert.Contains("Feature Count: 38", runs, StringComparison.Ordinal);
        Assert.Contains("reason: String", runs, StringComparison.Ordinal);

        // GDAL's own reading of one polygon: its area in UTM equals the row's pixel count x 100 m².
        string wkt = ExternalTool.Run("ogrinfo", "-ro", "-q", "-where", "prompt_id = 'c0f0'", "-dialect", "OGRSQL", result.Output, FieldGeoPackage.MasksLayer);
        Assert.Contains("MULTIPOLYGON", wkt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decoder_failure_fails_only_that_field_with_a_reason_naming_it()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var sam = new FailingDecoder(sp.GetRequiredService<ISamSession>(), "c2f3");
        var workflow = new SegmentS2Workflow(sp.GetRequiredService<SegmentS2.Sentinel2.IS2Source>(), sp.GetRequiredService<SegmentS2.Chipping.IChipper>(),
            sp.GetRequiredService<SegmentS2.Prompts.IPromptEncoder>(), sam, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SegmentS2Options>>());
        var result = await workflow.RunBatchAsync(Request(output));

        Assert.Equal(35, result.FieldsSegmented);
        Assert.Equal(["bg", "c2f3", "far"], result.Failures.Select(f => f.PromptId).ToArray());
        var failure = result.Failures[1].Reason;
        Assert.Contains("field c2f3: the decoder failed in scene " + DemoScene.ItemId, failure, StringComparison.Ordinal);
        Assert.Contains("injected decoder failure", failure, StringComparison.Ordinal);
        Assert.Equal(BatchFixture.ClusterCount, result.ChipsEncoded);
        Assert.Contains(FieldGeoPackage.ReadRuns(result.Output), r => r is { PromptId: "c2f3", Status: FieldRunRow.Failed } && r.SceneId == DemoScene.ItemId);
    }

    [Fact]
    public async Task Only_the_batchs_last_encoded_chip_asks_the_encoder_to_release_its_memory()
    {
        string output = fx.NewOutputDirectory();
        await using var sp = Services(output, releaseEncoderMemory: true);
        var sam = new SegmentS2.Tests.Sam.ReleaseHintRecorder(sp.GetRequiredService<ISamSession>());
        var workflow = new SegmentS2Workflow(sp.GetRequiredService<SegmentS2.Sentinel2.IS2Source>(), sp.GetRequiredService<SegmentS2.Chipping.IChipper>(),
            sp.GetRequiredService<SegmentS2.Prompts.IPromptEncoder>(), sam, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SegmentS2Options>>());
        var result = await workflow.RunBatchAsync(Request(output));

        Assert.Equal(BatchFixture.ClusterCount, result.ChipsEncoded);
        Assert.Equal(Enumerable.Repeat(false, BatchFixture.ClusterCount - 1).Append(true), sam.Hints);
    }

    [Fact]
    public async Task A_bad_group_and_a_cancelled_run_stop_nothing_else_and_lose_no_committed_chip()
    {
        // A field with two boxes (reference rule 5) fails alone; a run cancelled after its first chip keeps that chip's rows.
        string prompts = Path.Combine(fx.NewOutputDirectory() + "-two-boxes.geojson");
        string json = await File.ReadAllTextAsync(fx.PromptsPath);
        var (lon, lat) = fx.Scene.PixelToLonLat(1500, 1500);
        string ring = string.Join(",", new[] { (0.0, 0.0), (0.001, 0.0), (0.001, 0.001), (0.0, 0.001), (0.0, 0.0) }
            .Select(d => string.Create(CultureInfo.InvariantCulture, $"[{lon + d.Item1:R},{lat + d.Item2:R}]")));
        string box = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[" + ring + "]]},\"properties\":{\"prompt_id\":\"two\",\"label\":1}}";
        await File.WriteAllTextAsync(prompts, json.TrimEnd()[..^2] + "," + box + "," + box + "]}");

        string output = fx.NewOutputDirectory();
        await using var sp = Services(output);
        var workflow = sp.GetRequiredService<SegmentS2Workflow>();
        using var cts = new CancellationTokenSource();
        var request = Request(output) with { Prompts = PromptInput.FromFile(prompts) };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workflow.RunBatchAsync(request,
            new SyncProgress<BatchProgress>(p => { if (p.Stage == BatchStage.Segmenting && p.ChipsDone == 1) { cts.Cancel(); } }), cts.Token));
        int kept = FieldGeoPackage.ReadMasks(Path.Combine(output, FieldGeoPackage.FileName)).Count;
        Assert.Equal(BatchFixture.FieldsPerCluster, kept);

        var result = await workflow.RunBatchAsync(request);
        Assert.Equal(BatchFixture.ClusterCount - 1, result.ChipsEncoded);
        Assert.Equal(36, result.FieldsSegmented);
        var two = Assert.Single(result.Failures, f => f.PromptId == "two");
        Assert.Contains("field two:", two.Reason, StringComparison.Ordinal);
        Assert.Contains("box", two.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class FailingDecoder(ISamSession inner, string failingId) : SegmentS2.Tests.Sam.DelegatingSamSession(inner)
    {
        public override ValueTask DecodeAsync(SamEmbedding embedding, SegmentS2.Prompts.ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            prompt.Group.OriginalId == failingId ? throw new SamInferenceException("injected decoder failure") : Inner.DecodeAsync(embedding, prompt, destination, cancellationToken);

        // The container owns the real session.
        public override void Dispose()
        {
        }
    }

    private static void AssertSameRows(IReadOnlyList<FieldMaskRow> expected, IReadOnlyList<FieldMaskRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { Geometry = Point.Empty }, actual[i] with { Geometry = Point.Empty });
            Assert.True(expected[i].Geometry.EqualsExact(actual[i].Geometry), $"geometry of {expected[i].PromptId} differs");
        }
    }
}

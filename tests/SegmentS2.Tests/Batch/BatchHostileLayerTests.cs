using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SegmentS2.Batch;
using SegmentS2.Testing.Demo;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Batch;

/// <summary>
/// The named hostile layers of issue 16 that byte mutation does not reach: 100,000-deep nesting, UTF-16 files, broken
/// GeoPackages, an id of 100,000 characters and a path-traversal id. Each ends in a run whose counts add up or in a
/// refusal that names the file, within a minute, and writes nothing outside the output folder.
/// </summary>
public sealed class BatchHostileLayerTests(BatchFixture fx) : IClassFixture<BatchFixture>
{
    public static TheoryData<string> Layers => new() { "nesting-100k", "utf16-bom", "utf16-no-bom", "gpkg-truncated", "gpkg-without-contents", "gpkg-contents-without-table", "id-100k-chars", "id-path-traversal" };

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task A_hostile_layer_ends_in_a_run_or_a_refusal_naming_the_file_and_writes_only_inside_the_output_folder(string kind)
    {
        string sandbox = fx.NewOutputDirectory() + "-hostile";
        Directory.CreateDirectory(sandbox);
        string layer = Path.Combine(sandbox, kind.StartsWith("gpkg", StringComparison.Ordinal) ? "layer.gpkg" : "layer.geojson");
        await WriteAsync(kind, layer);
        string output = Path.Combine(sandbox, "out");

        await using var provider = fx.CreateServices();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var run = provider.GetRequiredService<SegmentS2Workflow>().RunBatchAsync(new BatchRequest
        {
            Prompts = PromptInput.FromFile(layer),
            Start = DemoScene.DateTime.AddDays(-5),
            End = DemoScene.DateTime.AddDays(5),
            OutputDirectory = output,
            WriteMasks = true,
        }, null, limit.Token);

        try
        {
            var result = await run;
            Assert.Equal(result.Fields, result.FieldsSegmented + result.Failures.Count);
            Assert.All(result.Failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
            Assert.True(kind is "utf16-bom" or "id-100k-chars" or "id-path-traversal", $"{kind} ran: {result.FieldsSegmented} segmented, {result.Failures.Count} failed");
            Assert.True(result.FieldsSegmented > 0);
        }
        catch (SegmentS2Exception e)
        {
            // A refusal of the whole layer names the file and is one line (no stack trace in the message).
            Assert.Contains(layer, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n   at ", e.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(output), "a refused layer leaves no output folder");
        }

        Assert.False(limit.IsCancellationRequested, "the batch did not end within a minute");
        // Only the layer and the output folder exist, and every file of the run is inside the output folder.
        Assert.All(Directory.EnumerateFileSystemEntries(sandbox), e => Assert.True(e == layer || e == output, e));
        // The path-traversal id's mask file is named inside its output folder, never above it.
        char sep = Path.DirectorySeparatorChar;
        Assert.All(Directory.EnumerateFileSystemEntries(fx.Root, "*evil*", SearchOption.AllDirectories), e => Assert.Contains($"-hostile{sep}out{sep}", e, StringComparison.Ordinal));
    }

    private async Task WriteAsync(string kind, string path)
    {
        string geoJson = await File.ReadAllTextAsync(fx.PromptsPath);
        switch (kind)
        {
            case "nesting-100k":
                await File.WriteAllTextAsync(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"prompt_id":"deep","label":1},"geometry":{"type":"Point","coordinates":"""
                    + new string('[', 100_000) + "1" + new string(']', 100_000) + "}}]}");
                break;
            case "utf16-bom":
                await File.WriteAllTextAsync(path, geoJson, new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
                break;
            case "utf16-no-bom":
                await File.WriteAllBytesAsync(path, new UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes(geoJson));
                break;
            case "gpkg-truncated":
                // A SQLite header and then nothing a database could be read from.
                await File.WriteAllBytesAsync(path, [.. Encoding.ASCII.GetBytes("SQLite format 3\0"), .. new byte[84], .. Encoding.ASCII.GetBytes("not a database page")]);
                break;
            case "gpkg-without-contents":
            case "gpkg-contents-without-table":
                await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
                {
                    await connection.OpenAsync();
                    await using var cmd = connection.CreateCommand();
                    cmd.CommandText = kind == "gpkg-without-contents"
                        ? "PRAGMA application_id = 1196444487; CREATE TABLE fields (id INTEGER PRIMARY KEY, prompt_id TEXT);"
                        : "PRAGMA application_id = 1196444487; CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, description TEXT, last_change TEXT, min_x REAL, min_y REAL, max_x REAL, max_y REAL, srs_id INTEGER);"
                          + " INSERT INTO gpkg_contents VALUES ('fields', 'features', 'fields', '', '2026-12-04T00:00:00Z', 0, 0, 1, 1, 4326);";
                    await cmd.ExecuteNonQueryAsync();
                }

                break;
            case "id-100k-chars":
                await File.WriteAllTextAsync(path, ReplaceFirstId(geoJson, new string('x', 100_000)));
                break;
            case "id-path-traversal":
                await File.WriteAllTextAsync(path, ReplaceFirstId(geoJson, "../../../../evil"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    // The layer with its first field's prompt_id replaced.
    private static string ReplaceFirstId(string geoJson, string id)
    {
        int at = geoJson.IndexOf("\"prompt_id\":", StringComparison.Ordinal) + "\"prompt_id\":".Length;
        int end = geoJson.IndexOfAny([',', '}'], at);
        return geoJson[..at] + System.Text.Json.JsonSerializer.Serialize(id) + geoJson[end..];
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SegmentS2.Batch;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Batch;

/// <summary>
/// One footprint rule: a field is tried in a scene only where the scene's footprint meets it, whatever other fields share
/// its search area; a field inside the footprint whose own pixels are all nodata is reported with that reason.
/// </summary>
public sealed class BatchFootprintTests : IAsyncLifetime
{
    private const int Size = 1024;
    private readonly string _root = Directory.CreateTempSubdirectory("segment-s2-footprint").FullName;
    private readonly DemoScene _scene = DemoScene.Create(Size);
    private string _item = "", _encoder = "", _decoder = "";

    // The demo's nodata: a left border of Size / 24 columns and a wedge at the bottom-left (x + (Size - y) < Size / 5).
    private static int Border => Size / 24;

    public async Task InitializeAsync()
    {
        _item = await _scene.WriteAsync(Path.Combine(_root, "scene"));
        (_encoder, _decoder) = SamContractModelBuilder.WriteDemoModels(Path.Combine(_root, "models"));

        // A swath-edge footprint, as real items have: the data area only, without the left nodata border.
        var item = JsonNode.Parse(await File.ReadAllTextAsync(_item))!.AsObject();
        var ring = new JsonArray();
        foreach (var (c, r) in new[] { (Border + 2.0, 0.0), (Size, 0.0), (Size, (double)Size), (Border + 2.0, (double)Size), (Border + 2.0, 0.0) })
        {
            var (lon, lat) = _scene.PixelToLonLat(c, r);
            ring.Add(new JsonArray(lon, lat));
        }

        item["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
        await File.WriteAllTextAsync(_item, item.ToJsonString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_field_outside_the_footprint_is_reported_alike_alone_or_among_neighbours_and_a_nodata_field_gets_its_reason()
    {
        // "edge": in the left border, outside the footprint but inside the tile's grid and the search area's envelope.
        // "wedge": inside the footprint, on the nodata wedge. "in": on data.
        var fields = new Dictionary<string, (double X, double Y)>
        {
            ["edge"] = (Border / 2.0 + 0.3, 300.4),
            ["wedge"] = (Border + 12.3, Size - 20.6),
            ["in"] = (512.3, 400.6),
        };

        var all = await RunAsync(fields);
        Assert.Equal(3, all.Fields);
        Assert.Equal(1, all.FieldsSegmented);
        var failures = all.Failures.ToDictionary(f => f.PromptId, f => f.Reason);
        Assert.Equal(["edge", "wedge"], failures.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("field edge lies outside every scene", failures["edge"], StringComparison.Ordinal);
        Assert.Contains($"field wedge: scene {DemoScene.ItemId} has no data over the field", failures["wedge"], StringComparison.Ordinal);

        var alone = await RunAsync(new Dictionary<string, (double, double)> { ["edge"] = fields["edge"] });
        Assert.Equal(0, alone.FieldsSegmented);
        Assert.Equal(0, alone.ChipsEncoded);
        Assert.Equal(failures["edge"], Assert.Single(alone.Failures).Reason);
    }

    private async Task<BatchResult> RunAsync(IReadOnlyDictionary<string, (double X, double Y)> fields)
    {
        var json = new StringBuilder("""{"type":"FeatureCollection","features":[""");
        json.AppendJoin(',', fields.Select(f =>
        {
            var (lon, lat) = _scene.PixelToLonLat(f.Value.X, f.Value.Y);
            return string.Create(CultureInfo.InvariantCulture,
                $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon:R}}},{{{lat:R}}}]},"properties":{"prompt_id":"{{{f.Key}}}","label":1}}""");
        }));
        json.Append("]}");
        string output = Path.Combine(_root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [_item];
            o.EncoderPath = _encoder;
            o.DecoderPath = _decoder;
            o.OutputDirectory = output;
        });
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<SegmentS2Workflow>().RunBatchAsync(new BatchRequest
        {
            Prompts = PromptInput.FromGeoJson(json.ToString()),
            Start = DemoScene.DateTime.AddDays(-1),
            End = DemoScene.DateTime.AddDays(1),
            OutputDirectory = output,
        });
    }
}

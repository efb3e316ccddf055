using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Batch;

/// <summary>
/// A 3072 px demo scene (25 chips on its 1024 px / 512 px grid) and a layer of 36 point fields in 6 clusters, one cluster
/// centred in each of six chips that are at least a chip apart (so no chip can hold two clusters and 6 chips is the
/// least any cover needs), plus a background-only group and a field far outside the scene. Made once per test class.
/// </summary>
public sealed class BatchFixture : IAsyncLifetime
{
    public const double DiscRadius = 40; // SamContractModelBuilder's default decoder disc
    public const int ClusterCount = 6, FieldsPerCluster = 6;

    // Cluster centres: the centres of chips (0|1024|2048, 0|2048) of the 3072 px scene's grid.
    public static readonly (double Col, double Row)[] ClusterCentres = [(512, 512), (1536, 512), (2560, 512), (512, 2560), (1536, 2560), (2560, 2560)];

    // Offsets of the six fields of a cluster; fractional so that no pixel centre sits on a disc's edge.
    private static readonly (double Dx, double Dy)[] Offsets = [(-90.31, -60.27), (0.17, -75.41), (85.23, -50.39), (-70.43, 55.29), (10.37, 65.13), (95.21, 80.33)];

    public string Root { get; } = Directory.CreateTempSubdirectory("segment-s2-batch").FullName;

    public DemoScene Scene { get; } = DemoScene.Create(3072);

    public string ItemPath { get; private set; } = "";

    public string EncoderPath { get; private set; } = "";

    public string DecoderPath { get; private set; } = "";

    public string PromptsPath { get; private set; } = "";

    /// <summary>The valid fields: id and foreground point (scene pixels).</summary>
    public IReadOnlyList<(string Id, double X, double Y)> Fields { get; private set; } = [];

    public async Task InitializeAsync()
    {
        ItemPath = await Scene.WriteAsync(Path.Combine(Root, "scene"));
        (EncoderPath, DecoderPath) = SamContractModelBuilder.WriteDemoModels(Path.Combine(Root, "models"));
        var fields = new List<(string, double, double)>();
        var json = new StringBuilder("""{"type":"FeatureCollection","features":[""");
        for (int c = 0; c < ClusterCount; c++)
        {
            for (int f = 0; f < FieldsPerCluster; f++)
            {
                string id = $"c{c}f{f}";
                var (x, y) = (ClusterCentres[c].Col + Offsets[f].Dx, ClusterCentres[c].Row + Offsets[f].Dy);
                fields.Add((id, x, y));
                json.Append(Point(id, x, y, 1)).Append(',');
                // A background point beside every other field: the contract decoder ignores it, the prompt rules keep it.
                if (f % 2 == 1)
                {
                    json.Append(Point(id, x + 25.5, y + 3.5, 0)).Append(',');
                }
            }
        }

        json.Append(Point("bg", 1536.4, 1536.6, 0)).Append(',');
        var (lon, lat) = Scene.PixelToLonLat(1536, 1536);
        json.Append(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon + 20:R}}},{{{lat:R}}}]},"properties":{"prompt_id":"far","label":1}}"""));
        json.Append("]}");
        PromptsPath = Path.Combine(Root, "fields.geojson");
        await File.WriteAllTextAsync(PromptsPath, json.ToString());
        Fields = fields;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The services a user registers for a local batch on this fixture's scene and contract models.</summary>
    public ServiceProvider CreateServices(string? defaultOutput = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [ItemPath];
            o.EncoderPath = EncoderPath;
            o.DecoderPath = DecoderPath;
            if (defaultOutput is not null)
            {
                o.OutputDirectory = defaultOutput;
            }
        });
        return services.BuildServiceProvider();
    }

    public string NewOutputDirectory() => Path.Combine(Root, "out-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>
    /// The disc the contract decoder draws around scene pixel (x, y) in the 1024 px chip at (chipCol, chipRow), over the
    /// scene window (left, top, width, height), from <see cref="SamContractDecoderOracle"/>. Its pixels are, up to the
    /// low-resolution grid's rounding of the edge, those with d² &lt; R².
    /// </summary>
    public static byte[] Disc(int chipCol, int chipRow, double x, double y, int left, int top, int width, int height)
    {
        var logits = SamContractDecoderOracle.Logits(1024, 1024, [(x - chipCol, y - chipRow, 1f)], left - chipCol, top - chipRow, width, height);
        Assert.DoesNotContain(logits, l => Math.Abs(l) < SamContractDecoderOracle.NearTie);
        return logits.Select(l => l > 0 ? (byte)1 : (byte)0).ToArray();
    }

    private string Point(string id, double col, double row, int label)
    {
        var (lon, lat) = Scene.PixelToLonLat(col, row);
        return string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon:R}}},{{{lat:R}}}]},"properties":{"prompt_id":"{{{id}}}","label":{{{label}}}}}""");
    }
}

using NetTopologySuite.Geometries;
using SegmentS2.Testing.Models;
using SegmentS2.Testing.Synthetic;
using SegmentS2.Tests.Sentinel2;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Reliability.Support;

/// <summary>
/// Two synthetic acquisitions of two tiles each (1200 x 1200 px of B02, B03, B04 in 256-pixel COG tiles, the
/// second tile 600 px east) for the loopback server, the SAM-contract demo models, an ROI of 1100 x 1100 px
/// across both tiles (four 1024 px chips) and three prompts, plus the outputs of one fault-free run through
/// the whole workflow, made once per test class.
/// </summary>
public sealed class ServerSceneFixture : IAsyncLifetime
{
    public const int Epsg = 32631;
    public const double X0 = 300000, Y0 = 5000040;
    public static readonly DateTimeOffset Date = new(2023, 6, 15, 10, 36, 29, TimeSpan.Zero);

    private readonly SemaphoreSlim _baselineGate = new(1, 1);
    private SortedDictionary<string, string>? _baseline;

    public string Root { get; } = Directory.CreateTempSubdirectory("segment-s2-reliability-").FullName;

    /// <summary>Two acquisitions, five days apart, each of two overlapping tiles (31UDQ, and 31UEQ 6 km east) that the ROI spans.</summary>
    public IReadOnlyList<SyntheticScene> Scenes { get; private set; } = [];

    public string EncoderPath { get; private set; } = "";

    public string DecoderPath { get; private set; } = "";

    /// <summary>The ROI: pixels 50..1150 of the tile, in longitude/latitude.</summary>
    public Polygon Roi { get; } = ServerScenes.RoiAround(Epsg, X0 + 500, Y0 - 11500, X0 + 11500, Y0 - 500);

    /// <summary>A point prompt, a box prompt, and a point pair with a background point, each in a different chip.</summary>
    public string Prompts { get; } = new PromptGeoJson(Epsg)
        .Point(X0 + 3003.3, Y0 - 3007.7, "1")
        .Box(X0 + 7000, Y0 - 4000, X0 + 9000, Y0 - 2000, "2")
        .Point(X0 + 9002.2, Y0 - 9506.4, "field-a")
        .Point(X0 + 9702.2, Y0 - 9506.4, "field-a", label: 0)
        .Build();

    public async Task InitializeAsync()
    {
        Scenes = [await Build("first", Date), await Build("second", Date.AddDays(5))];
        (EncoderPath, DecoderPath) = SamContractModelBuilder.WriteDemoModels(Path.Combine(Root, "models"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Serves both acquisitions.</summary>
    public void AddTo(SegmentS2.Testing.Server.LoopbackS2Server server)
    {
        foreach (var scene in Scenes)
        {
            server.AddScene(scene);
        }
    }

    private Task<SyntheticScene> Build(string name, DateTimeOffset date) =>
        new SyntheticSceneBuilder(Path.Combine(Root, name))
        {
            Bands = ["B02", "B03", "B04"],
            TileSize = 1200,
            CogTileSize = 256,
            DateTime = date,
        }
            .AddTile("31UDQ", Epsg, X0, Y0, cloudCover: 4)
            .AddTile("31UEQ", Epsg, X0 + 6000, Y0, cloudCover: 6)
            .BuildAsync();

    public string NewOutputDirectory() => Path.Combine(Root, "out-" + Guid.NewGuid().ToString("N")[..8]);

    public SegmentS2Request Request(string? prompts = null) => new()
    {
        Roi = Roi,
        Start = Date.AddDays(-1),
        End = Date.AddDays(6),
        Prompts = PromptInput.FromGeoJson(prompts ?? Prompts),
    };

    /// <summary>SHA-256 of every output of a fault-free run (server without faults), computed once.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FaultFreeOutputsAsync()
    {
        await _baselineGate.WaitAsync();
        try
        {
            if (_baseline is null)
            {
                await using var server = await SegmentS2.Testing.Server.LoopbackS2Server.StartAsync();
                AddTo(server);
                string output = NewOutputDirectory();
                await using var host = ServerWorkflow.Create(this, server, output);
                var result = await host.Workflow.RunAsync(Request());
                Assert.Equal(2, result.Scenes.Count);
                _baseline = OutputFolder.Hashes(output);
                Assert.Equal(8, _baseline.Count);
            }

            return _baseline;
        }
        finally
        {
            _baselineGate.Release();
        }
    }
}

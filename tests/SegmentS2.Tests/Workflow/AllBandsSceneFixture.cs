using SegmentS2.Sentinel2.Bands;
using SegmentS2.Testing.Models;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Tests.Workflow;

/// <summary>
/// A one-tile synthetic Level-2A scene with every band (B01..B12 with B8A at 10, 20 and 60 m, and SCL), served by the
/// loopback server in the tests, and the SAM-contract demo models.
/// </summary>
public sealed class AllBandsSceneFixture : IAsyncLifetime
{
    public const int Epsg = 32631;
    public const double X0 = 300000, Y0 = 5000040;
    public const int TileSize = 1200;

    public static readonly DateTimeOffset Date = new(2023, 6, 15, 10, 36, 29, TimeSpan.Zero);

    public string Root { get; } = Directory.CreateTempSubdirectory("segment-s2-all-bands-").FullName;

    public SyntheticScene Scene { get; private set; } = null!;

    public string EncoderPath { get; private set; } = "";

    public string DecoderPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Scene = await new SyntheticSceneBuilder(Path.Combine(Root, "scene"))
        {
            Bands = S2Bands.All,
            TileSize = TileSize,
            CogTileSize = 256,
            DateTime = Date,
        }
            .AddTile("31UDQ", Epsg, X0, Y0, cloudCover: 4)
            .BuildAsync();
        (EncoderPath, DecoderPath) = SamContractModelBuilder.WriteDemoModels(Path.Combine(Root, "models"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    public string NewOutputDirectory() => Path.Combine(Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
}

using SegmentS2.Projection;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Tests.Sentinel2;

/// <summary>
/// Synthetic scenes generated once for a test class: a baseline 05.09 acquisition of two overlapping
/// tiles in zone 31 (31UDQ, and 31UEQ 5 km east), an older baseline 03.01 acquisition of 31UDQ,
/// and an acquisition with a zone 31 tile next to 9 degrees E and a zone 32 tile east of it.
/// </summary>
public sealed class SyntheticScenesFixture : IAsyncLifetime
{
    public const double X0 = 300000, Y0 = 5000040;

    public string Folder { get; } = Directory.CreateTempSubdirectory("s2-synthetic-").FullName;

    public SyntheticScene NewPair { get; private set; } = null!;

    public SyntheticScene Old { get; private set; } = null!;

    public SyntheticScene CrossZone { get; private set; } = null!;

    public static readonly string[] Bands = ["B02", "B03", "B04", "B05", "B8A", "B01", "SCL"];

    public async Task InitializeAsync()
    {
        NewPair = await new SyntheticSceneBuilder(Path.Combine(Folder, "new")) { Bands = Bands }
            .AddTile("31UDQ", 32631, X0, Y0, cloudCover: 3)
            .AddTile("31UEQ", 32631, X0 + 5000, Y0, cloudCover: 9)
            .BuildAsync();
        Old = await new SyntheticSceneBuilder(Path.Combine(Folder, "old"))
        {
            Bands = Bands,
            ProcessingBaseline = "03.01",
            DateTime = new DateTimeOffset(2021, 6, 10, 10, 36, 29, TimeSpan.Zero),
            Platform = "sentinel-2b",
        }.AddTile("31UDQ", 32631, X0, Y0).BuildAsync();

        var (ax, ay) = CrsTransform.Create(CrsRegistry.Wgs84, 32631).Transform(8.96, 45.03);
        var (cx, cy) = CrsTransform.Create(CrsRegistry.Wgs84, 32632).Transform(8.985, 45.032);
        CrossZone = await new SyntheticSceneBuilder(Path.Combine(Folder, "cross"))
        {
            Bands = ["B04"],
            DateTime = new DateTimeOffset(2023, 7, 1, 10, 30, 0, TimeSpan.Zero),
        }
            .AddTile("31TGL", 32631, Math.Floor(ax / 60) * 60, Math.Floor(ay / 60) * 60)
            .AddTile("32TLR", 32632, Math.Floor(cx / 60) * 60, Math.Floor(cy / 60) * 60)
            .BuildAsync();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

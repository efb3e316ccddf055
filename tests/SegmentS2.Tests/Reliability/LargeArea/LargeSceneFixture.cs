using System.Diagnostics;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;
using SegmentS2.Testing.Models;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Tests.Reliability.LargeArea;

/// <summary>
/// One Sentinel-2-sized tile for the large-area tests: B02, B03 and B04 as cloud-optimised GeoTIFFs in
/// 1024-pixel tiles (like Planetary Computer's), written tile by tile from a cheap deterministic pattern so
/// that generating them costs little memory. A full 10980 x 10980 tile with <c>SEGMENTS2_LARGE=1</c>, else
/// 3072 x 3072 (nine COG tiles, 25 chips) for CI. Made once per test class.
/// </summary>
public sealed class LargeSceneFixture : IAsyncLifetime
{
    public const string LargeVariable = "SEGMENTS2_LARGE";
    public const int Epsg = 32631;
    public const int CogTile = 1024;
    public const double X0 = 399960, Y0 = 5000040;
    public static readonly DateTimeOffset Date = new(2023, 7, 3, 10, 40, 31, TimeSpan.Zero);
    public static readonly string[] Bands = ["B02", "B03", "B04"];

    public static bool FullTile => Environment.GetEnvironmentVariable(LargeVariable) == "1";

    public int Size { get; } = FullTile ? 10980 : 3072;

    public string Root { get; } = Directory.CreateTempSubdirectory("segment-s2-large-").FullName;

    public SyntheticScene Scene { get; private set; } = null!;

    public string EncoderPath { get; private set; } = "";

    public string DecoderPath { get; private set; } = "";

    public TimeSpan GenerationTime { get; private set; }

    public long PeakWorkingSetAfterGeneration { get; private set; }

    /// <summary>The pixel value of a band at (col, row): a ramp plus four bits of hash noise, never 0 (nodata).</summary>
    public static ushort Value(int band, int col, int row) =>
        (ushort)(1000 + ((col * 7 + row * 3 + band * 1013) & 2047) + ((uint)((col ^ (row << 1)) * 2654435761u) >> 28));

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var transform = new GeoTransform(X0, 10, 0, Y0, 0, -10);
        var files = new Dictionary<string, SyntheticBandFile>(StringComparer.Ordinal);
        for (int b = 0; b < Bands.Length; b++)
        {
            string path = Path.Combine(Root, $"T31UDQ_{Date:yyyyMMdd}_{Bands[b]}.tif");
            int band = b;
            await GeoTiffWriter.WriteAsync<ushort>(path, Size, Size, 1, (_, window, destination, _) =>
            {
                var span = destination.Span;
                for (int r = 0; r < window.Height; r++)
                {
                    for (int c = 0; c < window.Width; c++)
                    {
                        span[r * window.Width + c] = Value(band, window.Col + c, window.Row + r);
                    }
                }

                return ValueTask.CompletedTask;
            }, new GeoTiffWriteOptions
            {
                Epsg = Epsg,
                GeoTransform = transform,
                NoData = 0,
                BandDescriptions = [Bands[b]],
                TileSize = CogTile,
                Cog = true,
                OverviewResampling = GeoTiffOverviewResampling.Nearest,
                CompressionLevel = 1,
            });
            files[Bands[b]] = new SyntheticBandFile(Bands[b], path, Size, Size, transform, 0, 1);
        }

        Scene = new SyntheticScene(Date, "sentinel-2b", 51, "05.10", [new SyntheticTile("31UDQ", Epsg, transform, Size, 2, files)]);
        (EncoderPath, DecoderPath) = SamContractModelBuilder.WriteDemoModels(Path.Combine(Root, "models"));
        GenerationTime = clock.Elapsed;
        using var process = Process.GetCurrentProcess();
        PeakWorkingSetAfterGeneration = process.PeakWorkingSet64;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    public string NewOutputDirectory() => Path.Combine(Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
}

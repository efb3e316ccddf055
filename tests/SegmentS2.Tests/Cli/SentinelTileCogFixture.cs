using SegmentS2.GeoTiff.Writing;
using SegmentS2.Tests.GeoTiff.Http;
using SegmentS2.Tests.Prompts;

namespace SegmentS2.Tests.Cli;

/// <summary>
/// A COG the size of a Sentinel-2 tile (10980 x 10980 UInt16, 256-pixel DEFLATE tiles, overviews) on the
/// <see cref="PromptGeoJson"/> grid, written once by the streaming writer (one value per tile, so it takes
/// seconds and little memory), served by the loopback range server, and indexed by GDAL.
/// </summary>
public sealed class SentinelTileCogFixture : IAsyncLifetime
{
    public const int Size = 10980;

    private readonly string _dir = Directory.CreateTempSubdirectory("segment-s2-plan-http-").FullName;

    public string Path => System.IO.Path.Combine(_dir, "T30-10980.tif");

    internal RangeFileServer Server { get; private set; } = null!;

    public Uri Url { get; private set; } = null!;

    public long FileLength { get; private set; }

    /// <summary>Bytes before the first tile (TIFF header, GDAL's ghost area, every IFD and its arrays), from GDAL.</summary>
    public long HeaderBytes { get; private set; }

    public async Task InitializeAsync()
    {
        // 256-pixel tiles make 43 x 43 tiles plus overviews: the tile offset and size arrays alone are about 20 KB,
        // more than the range stream's first read, so the header takes more than one request.
        await GeoTiffWriter.WriteAsync<ushort>(Path, Size, Size, 1, (_, block, destination, _) =>
        {
            destination.Span.Fill((ushort)(1000 + block.Col / 256 + block.Row / 256 * 43));
            return ValueTask.CompletedTask;
        }, new GeoTiffWriteOptions
        {
            Epsg = PromptGeoJson.Epsg,
            GeoTransform = PromptGeoJson.Transform,
            NoData = 0,
            Cog = true,
            TileSize = 256,
            OverviewResampling = GeoTiffOverviewResampling.Nearest,
        });
        var bytes = await File.ReadAllBytesAsync(Path);
        FileLength = bytes.Length;
        HeaderBytes = GdalTileIndex.Read(Path).HeaderBytes;
        Server = await RangeFileServer.StartAsync();
        Url = Server.Add("T30-10980.tif", bytes);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

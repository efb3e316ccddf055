using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Http;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;
using SegmentS2.Tests.GeoTiff.Writing;

namespace SegmentS2.Tests.GeoTiff.Http;

/// <summary>
/// A window read of a COG over HTTP costs at most 1.25 x (header + compressed bytes of the tiles it
/// intersects), counted by the server; tile positions come from GDAL, not from our code.
/// A reader's access is replayed: the header bytes, then a prefetch of the window's tiles, then each tile.
/// </summary>
public sealed class CogWindowTransferTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-http-cog-").FullName;
    private RangeFileServer _server = null!;

    public async Task InitializeAsync() => _server = await RangeFileServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Window_of_a_generated_4096_cog_transfers_at_most_125_percent_of_header_plus_its_tiles()
    {
        const int size = 4096;
        string path = Path.Combine(_dir, "4096.tif");
        var pixels = TestRasters.Generate<ushort>(size, size, 1, seed: 99);
        await GeoTiffWriter.WriteAsync<ushort>(path, size, size, 1, pixels, new GeoTiffWriteOptions
        {
            Epsg = 32629, GeoTransform = new GeoTransform(300000, 10, 0, 3400000, 0, -10), NoData = 0, Cog = true,
        });

        var (sent, budget, tiles) = await ReplayWindowReadAsync(path, new PixelWindow(1000, 1500, 1024, 1024));
        Assert.Equal(9, tiles);
        Assert.True(sent <= 1.25 * budget, $"sent {sent} bytes for a budget of {budget}");
    }

    [Fact]
    public async Task Window_of_a_real_sentinel2_cog_transfers_at_most_125_percent_of_header_plus_its_tiles()
    {
        var (sent, budget, tiles) = await ReplayWindowReadAsync(
            SharedDataFiles.Path("s2-29RKH-20200219", "B04.tif"), new PixelWindow(300, 400, 400, 300));
        Assert.Equal(4, tiles);
        Assert.True(sent <= 1.25 * budget, $"sent {sent} bytes for a budget of {budget}");
    }

    private async Task<(long Sent, long Budget, int Tiles)> ReplayWindowReadAsync(string path, PixelWindow window)
    {
        var file = await File.ReadAllBytesAsync(path);
        var index = GdalTileIndex.Read(path);
        var tiles = index.TilesOf(window.Col, window.Row, window.Width, window.Height).ToList();
        var url = _server.Add(Path.GetFileName(path), file);
        _server.ResetCounters();

        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        var header = new byte[index.HeaderBytes];
        await stream.ReadExactlyAsync(header);
        Assert.True(file.AsSpan(0, header.Length).SequenceEqual(header));

        await stream.PrefetchAsync(tiles.Select(t => new ByteRange(t.Offset, t.Size)).ToList());
        long requestsAfterPrefetch = _server.RequestCount;
        foreach (var (offset, size) in tiles)
        {
            var tile = new byte[size];
            stream.Position = offset;
            await stream.ReadExactlyAsync(tile);
            Assert.True(file.AsSpan((int)offset, (int)size).SequenceEqual(tile), $"tile at {offset}");
        }

        Assert.Equal(requestsAfterPrefetch, _server.RequestCount); // every tile came from the prefetch
        long budget = index.HeaderBytes + tiles.Sum(t => t.Size);
        Console.WriteLine($"{Path.GetFileName(path)} {window}: {tiles.Count} tiles, header {index.HeaderBytes} B, budget {budget} B, " +
            $"sent {_server.BytesSent} B ({(double)_server.BytesSent / budget:F3} x) in {_server.RequestCount} requests");
        return (_server.BytesSent, budget, tiles.Count);
    }
}

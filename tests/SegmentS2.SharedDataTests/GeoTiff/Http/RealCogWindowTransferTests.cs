using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Tests.GeoTiff.Http;

namespace SegmentS2.SharedDataTests.GeoTiff.Http;

/// <summary>
/// A window read of the real Sentinel-2 B04 COG over HTTP equals the local read and costs at most 1.25 x
/// (header + compressed bytes of the tiles it intersects), counted by the server; tile positions from GDAL.
/// </summary>
public sealed class RealCogWindowTransferTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private RangeFileServer _server = null!;

    public async Task InitializeAsync() => _server = await RangeFileServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Reader_window_of_a_real_sentinel2_cog_over_http_equals_the_local_read_within_125_percent()
    {
        string path = SharedData.Path("s2-29RKH-20200219", "B04.tif");
        var window = new PixelWindow(300, 400, 400, 300);
        var url = _server.Add("B04.tif", await File.ReadAllBytesAsync(path), "?sv=2024&sig=SECRET");
        var (budget, tiles) = CogWindowTransferTests.Budget(path, window);
        _server.ResetCounters();

        var remote = new ushort[window.Width * window.Height];
        await using (var reader = await GeoTiffReader.OpenAsync(url, _http))
        {
            await reader.Image.ReadWindowAsync<ushort>(0, window, remote);
        }

        var local = new ushort[remote.Length];
        await using (var reader = await GeoTiffReader.OpenAsync(path))
        {
            await reader.Image.ReadWindowAsync<ushort>(0, window, local);
        }

        Assert.Equal(local, remote);
        Console.WriteLine($"reader {window}: {tiles} tiles, budget {budget} B, sent {_server.BytesSent} B ({(double)_server.BytesSent / budget:F3} x) in {_server.RequestCount} requests");
        Assert.Equal(4, tiles);
        Assert.True(_server.BytesSent <= 1.25 * budget, $"sent {_server.BytesSent} bytes for a budget of {budget}");
    }
}

using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Http;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff.Http;

/// <summary>
/// A window read of a COG over HTTP costs at most 1.25 x (header + compressed bytes of the tiles it
/// intersects), counted by the server; tile positions and the header's extent come from GDAL.
/// </summary>
public sealed class CogWindowTransferTests(GeneratedCogFixture cog) : IClassFixture<GeneratedCogFixture>, IAsyncLifetime
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
    public async Task Reader_window_of_a_generated_4096_cog_over_http_returns_its_pixels_within_125_percent_of_header_plus_tiles()
    {
        var window = new PixelWindow(1000, 1500, 1024, 1024);
        var url = _server.Add("generated.tif", await File.ReadAllBytesAsync(cog.Path));
        var (budget, tiles) = Budget(cog.Path, window);
        _server.ResetCounters();

        await using var reader = await GeoTiffReader.OpenAsync(url, _http);
        var pixels = new ushort[window.Width * window.Height];
        await reader.Image.ReadWindowAsync<ushort>(0, window, pixels);

        for (int r = 0; r < window.Height; r++)
        {
            Assert.True(cog.Pixels.AsSpan((window.Row + r) * GeneratedCogFixture.Size + window.Col, window.Width).SequenceEqual(pixels.AsSpan(r * window.Width, window.Width)), $"row {r}");
        }

        Report("reader", window, tiles, budget);
        Assert.Equal(9, tiles);
        Assert.True(_server.BytesSent <= 1.25 * budget, $"sent {_server.BytesSent} bytes for a budget of {budget}");
        Assert.True(_server.RequestCount <= 4, $"{_server.RequestCount} requests: header, then one per tile row");
    }

    [Fact]
    public async Task Replayed_reader_access_through_the_stream_stays_within_125_percent()
    {
        // The stream alone, without the reader: header bytes, a prefetch of the tiles, then each tile.
        var window = new PixelWindow(2100, 100, 1024, 1024);
        var file = await File.ReadAllBytesAsync(cog.Path);
        var index = GdalTileIndex.Read(cog.Path);
        var tiles = index.TilesOf(window.Col, window.Row, window.Width, window.Height).ToList();
        var url = _server.Add("replayed.tif", file);
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
        Report("stream", window, tiles.Count, budget);
        Assert.True(_server.BytesSent <= 1.25 * budget, $"sent {_server.BytesSent} bytes for a budget of {budget}");
    }

    internal static (long Budget, int Tiles) Budget(string path, PixelWindow window)
    {
        var index = GdalTileIndex.Read(path);
        var tiles = index.TilesOf(window.Col, window.Row, window.Width, window.Height).ToList();
        return (index.HeaderBytes + tiles.Sum(t => t.Size), tiles.Count);
    }

    private void Report(string how, PixelWindow window, int tiles, long budget) =>
        Console.WriteLine($"{how} {window}: {tiles} tiles, budget {budget} B, sent {_server.BytesSent} B " +
            $"({(double)_server.BytesSent / budget:F3} x) in {_server.RequestCount} requests");
}

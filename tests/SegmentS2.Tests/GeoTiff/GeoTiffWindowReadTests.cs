using SegmentS2.GeoTiff;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff;

/// <summary>Window reads touch only the blocks they intersect, and reject bad arguments by name.</summary>
[Collection(GdalCorpusCollection.Name)]
public class GeoTiffWindowReadTests(GdalCorpusFixture corpus)
{
    [Theory]
    [InlineData(0, 0, 1, 1)]
    [InlineData(130, 70, 200, 150)]
    [InlineData(600, 400, 100, 100)]
    [InlineData(0, 0, 700, 500)]
    public async Task A_window_reads_exactly_the_bytes_of_the_tiles_it_intersects(int col, int row, int width, int height)
    {
        string path = corpus.PathOf("cog_uint16_deflate_p2"); // 700 x 500, 128 x 128 tiles
        long[][] blocks = GdalOracle.Blocks(path);
        var window = new PixelWindow(col, row, width, height);
        long[][] needed = blocks.Where(b => new PixelWindow((int)b[0] * 128, (int)b[1] * 128, 128, 128).Intersect(window) is { IsEmpty: false }).ToArray();
        long tileBytes = needed.Sum(b => b[3]);

        var stream = new CountingStream(await File.ReadAllBytesAsync(path));
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(stream);
        stream.Reset();
        await reader.Image.ReadWindowAsync(0, window, new byte[window.PixelCount * 2]);

        // Every needed tile is read in full; besides them, only the few bytes between coalesced neighbours.
        foreach (long[] b in needed)
        {
            Assert.Contains(stream.Reads, r => r.Offset <= b[2] && r.Offset + r.Count >= b[2] + b[3]);
        }

        Assert.InRange(stream.BytesRead, tileBytes, tileBytes + 64L * needed.Length);
    }

    [Fact]
    public async Task Opening_reads_only_the_header_of_a_cog()
    {
        string path = corpus.PathOf("cog_uint16_deflate_p2");
        long firstTile = GdalOracle.Blocks(path).Min(b => b[2]);
        var stream = new CountingStream(await File.ReadAllBytesAsync(path));
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(stream);
        Assert.All(stream.Reads, r => Assert.True(r.Offset + r.Count <= firstTile, $"read {r} reaches past the header ending at {firstTile}"));
    }

    [Fact]
    public async Task A_window_outside_the_image_is_refused_by_name()
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf("uint16_deflate_p2_tiled"));
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            reader.Image.ReadWindowAsync(0, new PixelWindow(250, 150, 100, 100), new byte[20000]).AsTask());
        Assert.Equal("window", ex.ParamName);
        Assert.Contains("not inside the 300 x 200 image", ex.Message);
    }

    [Fact]
    public async Task A_missing_band_is_refused_by_name()
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf("uint16_deflate_p2_tiled"));
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            reader.Image.ReadWindowAsync(1, new PixelWindow(0, 0, 10, 10), new byte[200]).AsTask());
        Assert.Contains("Band 1 does not exist", ex.Message);
    }

    [Fact]
    public async Task A_destination_too_small_is_refused()
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf("uint16_deflate_p2_tiled"));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            reader.Image.ReadWindowAsync(0, new PixelWindow(0, 0, 10, 10), new byte[199]).AsTask());
        Assert.Contains("needs 200", ex.Message);
    }

    [Fact]
    public async Task Parallel_reads_of_one_image_agree_with_a_sequential_read()
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf("cog_uint16_deflate_p2"));
        var window = new PixelWindow(0, 0, 700, 500);
        var expected = new byte[window.PixelCount * 2];
        await reader.Image.ReadWindowAsync(0, window, expected);

        byte[][] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var buffer = new byte[expected.Length];
            await reader.Image.ReadWindowAsync(0, window, buffer);
            return buffer;
        }));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public async Task Single_threaded_reads_equal_parallel_reads()
    {
        string path = corpus.PathOf("float32_zstd_p3_band_strips_3band");
        var window = new PixelWindow(3, 5, 290, 190);
        var parallel = new byte[window.PixelCount * 4 * 3];
        var single = new byte[parallel.Length];
        await using (GeoTiffReader reader = await GeoTiffReader.OpenAsync(path))
        {
            await reader.Image.ReadWindowAsync([0, 1, 2], window, parallel);
        }

        await using (GeoTiffReader reader = await GeoTiffReader.OpenAsync(path, new GeoTiffReaderOptions { MaxDegreeOfParallelism = 1 }))
        {
            await reader.Image.ReadWindowAsync([0, 1, 2], window, single);
        }

        Assert.Equal(parallel, single);
    }

    [Fact]
    public async Task A_stream_opened_with_leave_open_stays_usable()
    {
        var stream = new CountingStream(await File.ReadAllBytesAsync(corpus.PathOf("byte_none_p1_strips")));
        await using (await GeoTiffReader.OpenAsync(stream, leaveOpen: true))
        {
        }

        Assert.True(stream.CanRead);
        stream.Position = 0;
        Assert.Equal((byte)'I', (byte)stream.ReadByte());
    }
}

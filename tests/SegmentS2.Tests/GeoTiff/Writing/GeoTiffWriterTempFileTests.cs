using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>Writes land at the destination only when complete; cancelled or failing writes leave nothing behind.</summary>
public sealed class GeoTiffWriterTempFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-temp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Cancelled_write_leaves_no_destination_and_no_temporary_files()
    {
        string path = Path.Combine(_dir, "cancelled.tif");
        using var cts = new CancellationTokenSource();
        int calls = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GeoTiffWriter.WriteAsync<ushort>(
            path, 1000, 1000, 2, (band, window, destination, ct) =>
            {
                if (Interlocked.Increment(ref calls) == 5)
                {
                    cts.Cancel();
                }

                ct.ThrowIfCancellationRequested();
                destination.Span.Fill((ushort)band);
                return ValueTask.CompletedTask;
            }, new GeoTiffWriteOptions { TileSize = 128, Cog = true, MaxDegreeOfParallelism = 1 }, cts.Token));

        Assert.InRange(calls, 5, 6);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Failing_callback_keeps_the_previous_file_and_leaves_no_temporary_files()
    {
        string path = Path.Combine(_dir, "existing.tif");
        await File.WriteAllTextAsync(path, "previous content");
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => GeoTiffWriter.WriteAsync<float>(
            path, 300, 300, 1, (_, window, _, _) =>
                window.Row > 0 ? throw new InvalidDataException("source failed") : ValueTask.CompletedTask,
            new GeoTiffWriteOptions { TileSize = 64 }));

        Assert.Equal("source failed", ex.Message);
        Assert.Equal("previous content", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Completed_write_replaces_an_existing_file_and_leaves_only_it()
    {
        string path = Path.Combine(_dir, "replaced.tif");
        await File.WriteAllTextAsync(path, "old");
        var pixels = TestRasters.Generate<byte>(40, 40, 1, seed: 1);
        var progress = new List<double>();
        await GeoTiffWriter.WriteAsync<byte>(path, 40, 40, 1, pixels, new GeoTiffWriteOptions
        {
            TileSize = 16, Cog = true, Progress = new SynchronousProgress(progress.Add),
        });

        Assert.Equal([path], Directory.EnumerateFileSystemEntries(_dir));
        Assert.Equal(TestRasters.BandSha256(pixels, 40, 40, 0), GdalReadBack.Read(path).BandSha256(0));
        Assert.Equal(1.0, progress[^1]);
        Assert.Equal(progress.Order(), progress);
    }

    [Fact]
    public async Task Streaming_callback_is_asked_for_every_tile_once_with_edge_windows_cut()
    {
        const int width = 150, height = 70, tile = 64;
        var windows = new System.Collections.Concurrent.ConcurrentBag<(int Band, PixelWindow Window, int Length)>();
        string path = Path.Combine(_dir, "streamed.tif");
        await GeoTiffWriter.WriteAsync<short>(path, width, height, 2, (band, window, destination, _) =>
        {
            windows.Add((band, window, destination.Length));
            var span = destination.Span;
            for (int r = 0; r < window.Height; r++)
            {
                for (int c = 0; c < window.Width; c++)
                {
                    span[r * window.Width + c] = (short)((window.Row + r) * 100 - (window.Col + c) - band * 7);
                }
            }

            return ValueTask.CompletedTask;
        }, new GeoTiffWriteOptions { TileSize = tile });

        var expectedWindows = from band in new[] { 0, 1 }
                              from row in new[] { 0, 64 }
                              from col in new[] { 0, 64, 128 }
                              select (band, new PixelWindow(col, row, Math.Min(tile, width - col), Math.Min(tile, height - row)));
        Assert.Equal(expectedWindows.OrderBy(w => w.ToString()), windows.Select(w => (w.Band, w.Window)).OrderBy(w => w.ToString()));
        Assert.All(windows, w => Assert.Equal(w.Window.Width * w.Window.Height, w.Length));

        var expected = new short[width * height * 2];
        for (int b = 0; b < 2; b++)
        {
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    expected[(b * height + r) * width + c] = (short)(r * 100 - c - b * 7);
                }
            }
        }

        var gdal = GdalReadBack.Read(path);
        Assert.Equal(TestRasters.BandSha256(expected, width, height, 0), gdal.BandSha256(0));
        Assert.Equal(TestRasters.BandSha256(expected, width, height, 1), gdal.BandSha256(1));
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using SegmentS2.Raster;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// Decoded file blocks (COG tiles) shared by every window read of an opened scene, so that
/// overlapping windows fetch and decode each tile once. Loads of the same block are de-duplicated
/// while in flight; beyond the byte budget the oldest blocks are dropped.
/// </summary>
internal sealed class S2TileCache
{
    private readonly long _capacityBytes;
    private readonly ConcurrentDictionary<BlockKey, Task<Block>> _blocks = new();
    private readonly ConcurrentQueue<BlockKey> _order = new();
    private long _bytes;

    // The cache's own bounded pool (see S2SceneRaster): freed with the scene, never kept per thread.
    private readonly ArrayPool<ushort> _buffers = ArrayPool<ushort>.Create(1 << 28, 2);

    public S2TileCache(long capacityBytes) => _capacityBytes = Math.Max(0, capacityBytes);

    /// <summary>Blocks held now.</summary>
    public int Count => _blocks.Count;

    /// <summary>Reads a window of a file through the cache into <paramref name="destination"/> (row by row, window width).</summary>
    public async ValueTask ReadAsync(IS2BandFile file, PixelWindow window, Memory<ushort> destination, CancellationToken cancellationToken)
    {
        if (_capacityBytes == 0)
        {
            await file.ReadAsync(window, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        int bw = Math.Max(1, file.BlockWidth), bh = Math.Max(1, file.BlockHeight);
        int bx0 = window.Col / bw, bx1 = (window.ColEnd - 1) / bw, by0 = window.Row / bh, by1 = (window.RowEnd - 1) / bh;
        var claimed = new List<(BlockKey Key, TaskCompletionSource<Block> Source)>();
        var tasks = new Task<Block>[(bx1 - bx0 + 1) * (by1 - by0 + 1)];
        int n = 0;
        for (int by = by0; by <= by1; by++)
        {
            for (int bx = bx0; bx <= bx1; bx++)
            {
                var key = new BlockKey(file, bx, by);
                var source = new TaskCompletionSource<Block>(TaskCreationOptions.RunContinuationsAsynchronously);
                var task = _blocks.GetOrAdd(key, source.Task);
                if (ReferenceEquals(task, source.Task))
                {
                    claimed.Add((key, source));
                }

                tasks[n++] = task;
            }
        }

        if (claimed.Count > 0)
        {
            await LoadAsync(file, bw, bh, claimed, cancellationToken).ConfigureAwait(false);
        }

        n = 0;
        for (int by = by0; by <= by1; by++)
        {
            for (int bx = bx0; bx <= bx1; bx++)
            {
                var block = await tasks[n++].ConfigureAwait(false);
                CopyBlock(block, window, destination.Span);
            }
        }
    }

    private async Task LoadAsync(IS2BandFile file, int bw, int bh, List<(BlockKey Key, TaskCompletionSource<Block> Source)> claimed, CancellationToken cancellationToken)
    {
        // One read over the rectangle of the blocks this caller loads, so the reader can coalesce ranges.
        int bx0 = claimed.Min(c => c.Key.BlockX), bx1 = claimed.Max(c => c.Key.BlockX);
        int by0 = claimed.Min(c => c.Key.BlockY), by1 = claimed.Max(c => c.Key.BlockY);
        int col = bx0 * bw, row = by0 * bh;
        var rect = new PixelWindow(col, row, Math.Min((bx1 + 1) * bw, file.Width) - col, Math.Min((by1 + 1) * bh, file.Height) - row);
        // Pooled: one rectangle of blocks per load is large (a row of 1024-pixel tiles is 20 MB), and a scene is read tile row by tile row.
        var pixels = _buffers.Rent(checked((int)rect.PixelCount));
        try
        {
            await file.ReadAsync(rect, pixels.AsMemory(0, (int)rect.PixelCount), cancellationToken).ConfigureAwait(false);
            foreach (var (key, source) in claimed)
            {
                var bwin = new PixelWindow(key.BlockX * bw, key.BlockY * bh, 0, 0);
                bwin = bwin with { Width = Math.Min(bwin.Col + bw, file.Width) - bwin.Col, Height = Math.Min(bwin.Row + bh, file.Height) - bwin.Row };
                var data = new ushort[bwin.PixelCount];
                for (int r = 0; r < bwin.Height; r++)
                {
                    pixels.AsSpan((bwin.Row - rect.Row + r) * rect.Width + (bwin.Col - rect.Col), bwin.Width)
                        .CopyTo(data.AsSpan(r * bwin.Width, bwin.Width));
                }

                source.SetResult(new Block(bwin, data));
                Track(key, data.LongLength * sizeof(ushort));
            }
        }
        catch (Exception ex)
        {
            foreach (var (key, source) in claimed)
            {
                _blocks.TryRemove(new KeyValuePair<BlockKey, Task<Block>>(key, source.Task));
                if (ex is OperationCanceledException oce)
                {
                    source.TrySetCanceled(oce.CancellationToken);
                }
                else
                {
                    source.TrySetException(ex);
                }
            }

            throw;
        }
        finally
        {
            _buffers.Return(pixels);
        }
    }

    private void Track(BlockKey key, long bytes)
    {
        _order.Enqueue(key);
        long total = Interlocked.Add(ref _bytes, bytes);
        while (total > _capacityBytes && _order.TryDequeue(out var oldest))
        {
            if (_blocks.TryGetValue(oldest, out var task) && task.IsCompletedSuccessfully && _blocks.TryRemove(oldest, out _))
            {
                total = Interlocked.Add(ref _bytes, -task.Result.Data.LongLength * sizeof(ushort));
            }
        }
    }

    private static void CopyBlock(Block block, PixelWindow window, Span<ushort> destination)
    {
        var overlap = block.Window.Intersect(window);
        for (int r = 0; r < overlap.Height; r++)
        {
            block.Data.AsSpan((overlap.Row - block.Window.Row + r) * block.Window.Width + (overlap.Col - block.Window.Col), overlap.Width)
                .CopyTo(destination.Slice((overlap.Row - window.Row + r) * window.Width + (overlap.Col - window.Col), overlap.Width));
        }
    }

    private readonly record struct BlockKey(IS2BandFile File, int BlockX, int BlockY);

    private sealed record Block(PixelWindow Window, ushort[] Data);
}

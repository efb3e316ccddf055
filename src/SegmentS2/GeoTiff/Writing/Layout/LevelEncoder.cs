using System.Buffers;
using SegmentS2.GeoTiff.Compression.Compressors;
using SegmentS2.GeoTiff.Writing.Tiles;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Writing.Layout;

/// <summary>
/// Encodes one resolution level a tile row at a time. A tile row of every band is held as a strip
/// (band-sequential, <c>TileSize</c> rows of the level's width); its tiles are encoded in parallel and
/// spilled, and the strip is halved into the next overview level, whose own strip completes after two
/// of these. Memory is therefore about two tile rows per level, whatever the image height.
/// </summary>
internal sealed class LevelEncoder<T> where T : unmanaged
{
    private readonly TileEncoder<T> _encoder;
    private readonly TileSpill _spill;
    private readonly LevelEncoder<T>? _next;
    private readonly GeoTiffWriteOptions _options;
    private readonly ParallelOptions _parallel;
    private readonly T[] _strip;
    private int _filledRows;
    private int _tileRow;

    public LevelEncoder(
        IReadOnlyList<LevelGeometry> levels, int index, TileEncoder<T> encoder, TileSpill spill,
        GeoTiffWriteOptions options, int maxDegreeOfParallelism)
    {
        Geometry = levels[index];
        _encoder = encoder;
        _spill = spill;
        _options = options;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        _strip = GC.AllocateUninitializedArray<T>(checked(Geometry.BandCount * Geometry.TileSize * Geometry.Width));
        SpillOffsets = new long[Geometry.TileCount];
        TileLengths = new int[Geometry.TileCount];
        _next = index + 1 < levels.Count ? new LevelEncoder<T>(levels, index + 1, encoder, spill, options, maxDegreeOfParallelism) : null;
    }

    public LevelGeometry Geometry { get; }

    /// <summary>Where each tile (TileOffsets order) lies in the spill.</summary>
    public long[] SpillOffsets { get; }

    /// <summary>Compressed size of each tile (TileOffsets order).</summary>
    public int[] TileLengths { get; }

    /// <summary>This level followed by its overviews.</summary>
    public IEnumerable<LevelEncoder<T>> Levels()
    {
        for (var level = this; level is not null; level = level._next)
        {
            yield return level;
        }
    }

    /// <summary>True once every tile row of this level and its overviews has been encoded.</summary>
    public bool IsComplete => _tileRow == Geometry.TilesDown && (_next?.IsComplete ?? true);

    /// <summary>Encodes the whole level (and so its overviews), asking <paramref name="readBlock"/> for each tile.</summary>
    public async Task EncodeAsync(
        Func<int, PixelWindow, Memory<T>, CancellationToken, ValueTask> readBlock, CancellationToken cancellationToken)
    {
        int tileSize = Geometry.TileSize;
        while (_tileRow < Geometry.TilesDown)
        {
            int row0 = _tileRow * tileSize;
            int rows = Math.Min(tileSize, Geometry.Height - row0);
            await EncodeTileRowAsync(rows, async (band, tileCol, ct) =>
            {
                int col0 = tileCol * tileSize;
                var window = new PixelWindow(col0, row0, Math.Min(tileSize, Geometry.Width - col0), rows);
                int count = window.Width * window.Height;
                var block = ArrayPool<T>.Shared.Rent(count);
                try
                {
                    await readBlock(band, window, block.AsMemory(0, count), ct).ConfigureAwait(false);
                    var plane = _strip.AsSpan(band * tileSize * Geometry.Width);
                    for (int r = 0; r < rows; r++)
                    {
                        block.AsSpan(r * window.Width, window.Width).CopyTo(plane.Slice(r * Geometry.Width + col0));
                    }
                }
                finally
                {
                    ArrayPool<T>.Shared.Return(block);
                }
            }, cancellationToken).ConfigureAwait(false);
            _options.Progress?.Report((double)_tileRow / Geometry.TilesDown);
        }
    }

    /// <summary>Takes a tile row of the level above, halves it into this level's strip, and encodes the strip when full.</summary>
    private async Task AcceptAsync(T[] parentStrip, int parentWidth, int parentRows, int parentTileRow, CancellationToken cancellationToken)
    {
        int tileSize = Geometry.TileSize;
        int firstRow = parentTileRow % 2 * (tileSize / 2);
        int rows = (parentRows + 1) / 2;
        int parentPlane = tileSize * parentWidth, plane = tileSize * Geometry.Width;
        var resampling = _options.OverviewResampling;
        var noData = _options.NoData;
        int width = Geometry.Width;
        Parallel.For(0, Geometry.BandCount, _parallel, band =>
            OverviewDownsampler.Downsample<T>(
                parentStrip.AsSpan(band * parentPlane, parentRows * parentWidth), parentWidth, parentRows,
                _strip.AsSpan(band * plane + firstRow * width, rows * width), resampling, noData));
        _filledRows = firstRow + rows;

        int expected = Math.Min(tileSize, Geometry.Height - _tileRow * tileSize);
        if (_filledRows == expected)
        {
            await EncodeTileRowAsync(expected, null, cancellationToken).ConfigureAwait(false);
            _filledRows = 0;
        }
    }

    private async Task EncodeTileRowAsync(
        int rows, Func<int, int, CancellationToken, ValueTask>? fill, CancellationToken cancellationToken)
    {
        int tileSize = Geometry.TileSize, across = Geometry.TilesAcross, width = Geometry.Width;
        var tiles = new CompressedTile[Geometry.BandCount * across];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, tiles.Length),
                new ParallelOptions { MaxDegreeOfParallelism = _parallel.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    int band = i / across, tileCol = i % across;
                    if (fill is not null)
                    {
                        await fill(band, tileCol, ct).ConfigureAwait(false);
                    }

                    int col0 = tileCol * tileSize;
                    tiles[i] = _encoder.Encode(
                        _strip.AsSpan(band * tileSize * width, rows * width), width, col0, rows, Math.Min(tileSize, width - col0));
                }).ConfigureAwait(false);

            var buffers = new ReadOnlyMemory<byte>[tiles.Length];
            for (int i = 0; i < tiles.Length; i++)
            {
                buffers[i] = tiles[i].Buffer.AsMemory(0, tiles[i].Length);
            }

            long offset = await _spill.AppendAsync(buffers, cancellationToken).ConfigureAwait(false);
            if (_options.BigTiff == GeoTiffBigTiffMode.Never && TiffFileAssembler.ExceedsClassicTiff(_spill.Length))
            {
                throw TiffFileAssembler.TooLargeForClassicTiff(_spill.Length); // fail now rather than after encoding the rest
            }

            for (int i = 0; i < tiles.Length; i++)
            {
                int index = Geometry.TileIndex(i / across, _tileRow, i % across);
                SpillOffsets[index] = offset;
                TileLengths[index] = tiles[i].Length;
                offset += tiles[i].Length;
            }
        }
        finally
        {
            foreach (var tile in tiles)
            {
                if (tile.Buffer is not null)
                {
                    tile.Return();
                }
            }
        }

        if (_next is not null)
        {
            await _next.AcceptAsync(_strip, width, rows, _tileRow, cancellationToken).ConfigureAwait(false);
        }

        _tileRow++;
    }
}

using System.Buffers;
using SegmentS2.Projection;
using SegmentS2.Raster;
using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// An opened scene: every requested band of every MGRS tile, read window by window onto one grid.
/// Same-CRS tiles are copied pixel-aligned (separable index maps); tiles of a neighbouring UTM zone
/// are reprojected per output pixel. Coarser bands are read at native resolution over the matching
/// window only and resampled (nearest, or bilinear except for SCL). Tiles are laid down in mosaic
/// order and each only fills what is still nodata (0).
/// </summary>
internal sealed class S2SceneRaster : IS2SceneRaster
{
    private readonly S2Grid _grid;
    private readonly IReadOnlyList<S2ItemFiles> _items;
    private readonly IReadOnlyList<string> _bandIds;
    private readonly S2Resampling _resampling;
    private readonly S2TileCache _cache;
    private readonly IReadOnlyList<IS2BandFile> _allFiles;
    private readonly Dictionary<int, CrsTransform> _transforms = [];
    private int _disposed;

    public S2SceneRaster(S2Scene scene, S2Grid grid, IReadOnlyList<S2ItemFiles> orderedItems, IReadOnlyList<string> bandIds,
        IReadOnlyList<S2BandInfo> bands, S2Resampling resampling, S2TileCache cache)
    {
        Scene = scene;
        _grid = grid;
        _items = orderedItems;
        _bandIds = bandIds;
        Bands = bands;
        _resampling = resampling;
        _cache = cache;
        _allFiles = orderedItems.SelectMany(i => i.Files).Distinct().ToArray();
        foreach (var epsg in _allFiles.Select(f => f.Epsg).Distinct().Where(e => e != grid.Epsg))
        {
            _transforms[epsg] = CrsTransform.Create(grid.Epsg, epsg);
        }
    }

    public S2Scene Scene { get; }

    public int Epsg => _grid.Epsg;

    public GeoTransform GeoTransform => _grid.Transform;

    public int Width => _grid.Width;

    public int Height => _grid.Height;

    public IReadOnlyList<S2BandInfo> Bands { get; }

    public long BytesRead => _allFiles.Sum(f => f.BytesRead);

    /// <summary>Decoded blocks held in the scene's tile cache.</summary>
    internal int CachedBlocks => _cache.Count;

    public async ValueTask ReadAsync(PixelWindow window, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (window.IsEmpty || !window.IsInside(Width, Height))
        {
            throw new S2ReadException($"Window {window} is not a non-empty window inside the scene's {Width} x {Height} grid.");
        }

        long pixels = window.PixelCount;
        if (destination.Length < pixels * Bands.Count)
        {
            throw new S2ReadException($"The destination holds {destination.Length} values; {Bands.Count} bands of {window} need {pixels * Bands.Count}.");
        }

        var tasks = new Task[Bands.Count];
        for (int b = 0; b < Bands.Count; b++)
        {
            var slice = destination.Slice((int)(b * pixels), (int)pixels);
            slice.Span.Clear();
            tasks[b] = ReadBandAsync(b, window, slice, cancellationToken);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not SegmentS2Exception and not OperationCanceledException)
        {
            // Network and file errors (after the HTTP retries gave up) become one typed error naming the scene.
            throw new S2ReadException($"Reading {window} of scene '{Scene.Id}' failed: {ex.Message}", ex);
        }
    }

    private async Task ReadBandAsync(int band, PixelWindow window, Memory<float> destination, CancellationToken cancellationToken)
    {
        bool bilinear = _resampling == S2Resampling.Bilinear && !S2Bands.IsClassBand(_bandIds[band]);
        foreach (var item in _items)
        {
            var file = item.Files[band];
            if (file.Epsg == _grid.Epsg)
            {
                await SampleAlignedAsync(file, window, bilinear, destination, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SampleReprojectedAsync(file, window, bilinear, destination, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SampleAlignedAsync(IS2BandFile file, PixelWindow window, bool bilinear, Memory<float> destination, CancellationToken cancellationToken)
    {
        var g = _grid.Transform;
        var f = file.GeoTransform;
        var cols = AxisMap.Create(g.X0, g.Dx, window.Col, window.Width, f.X0, f.Dx, file.Width, bilinear);
        var rows = AxisMap.Create(g.Y0, g.Dy, window.Row, window.Height, f.Y0, f.Dy, file.Height, bilinear);
        if (cols.IsEmpty || rows.IsEmpty)
        {
            return;
        }

        var source = new PixelWindow(cols.Min, rows.Min, cols.Max - cols.Min + 1, rows.Max - rows.Min + 1);
        var buffer = ArrayPool<ushort>.Shared.Rent((int)source.PixelCount);
        try
        {
            await _cache.ReadAsync(file, source, buffer.AsMemory(0, (int)source.PixelCount), cancellationToken).ConfigureAwait(false);
            BandSampler.Sample(buffer.AsSpan(0, (int)source.PixelCount), cols, rows, bilinear, destination.Span, window.Width);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(buffer);
        }
    }

    private async Task SampleReprojectedAsync(IS2BandFile file, PixelWindow window, bool bilinear, Memory<float> destination, CancellationToken cancellationToken)
    {
        using var map = ReprojectionMap.Create(_grid.Transform, window, _transforms[file.Epsg], file.GeoTransform);
        double uMin = double.MaxValue, uMax = double.MinValue, vMin = double.MaxValue, vMax = double.MinValue;
        for (int k = 0; k < map.Count; k++)
        {
            double u = map.U[k], v = map.V[k];
            if (u >= 0 && u < file.Width && v >= 0 && v < file.Height)
            {
                uMin = Math.Min(uMin, u);
                uMax = Math.Max(uMax, u);
                vMin = Math.Min(vMin, v);
                vMax = Math.Max(vMax, v);
            }
        }

        if (uMin > uMax)
        {
            return;
        }

        int pad = bilinear ? 1 : 0;
        int c0 = Math.Max(0, (int)Math.Floor(uMin) - pad), c1 = Math.Min(file.Width - 1, (int)Math.Floor(uMax) + pad);
        int r0 = Math.Max(0, (int)Math.Floor(vMin) - pad), r1 = Math.Min(file.Height - 1, (int)Math.Floor(vMax) + pad);
        var source = new PixelWindow(c0, r0, c1 - c0 + 1, r1 - r0 + 1);
        var buffer = ArrayPool<ushort>.Shared.Rent((int)source.PixelCount);
        try
        {
            await _cache.ReadAsync(file, source, buffer.AsMemory(0, (int)source.PixelCount), cancellationToken).ConfigureAwait(false);
            BandSampler.Sample(buffer.AsSpan(0, (int)source.PixelCount), c0, r0, source.Width, source.Height,
                file.Width, file.Height, map, bilinear, destination.Span);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var file in _allFiles)
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }
    }
}

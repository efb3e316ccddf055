using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sentinel2;

namespace SegmentS2.Output;

/// <summary>Writes a scene's PNG quick-look, decimated so its longer side is at most <see cref="MaxSide"/> pixels.</summary>
internal static class QuickLookWriter
{
    /// <summary>
    /// Longest side of a quick-look, in pixels: a preview (the mask GeoTIFF has the full resolution), small
    /// enough that rendering and PNG encoding stay a few milliseconds per chip of the ROI.
    /// </summary>
    public const int MaxSide = 1024;

    /// <summary>Reads the ROI window strip by strip (nearest decimation), renders it with the masks and prompts, and writes a PNG atomically.</summary>
    public static Task WriteAsync(string path, IS2SceneRaster raster, PixelWindow roi, ReadOnlyMemory<byte> masks, PromptSet prompts, CancellationToken cancellationToken = default) =>
        WriteAsync(path, raster, roi, masks, prompts, null, cancellationToken);

    /// <summary>
    /// Reads the window strip by strip (nearest decimation), renders it with the masks, the prompts, the ROI's outline and a
    /// legend (prompt id to colour) below the picture, and writes a PNG atomically.
    /// </summary>
    /// <param name="path">Destination PNG.</param>
    /// <param name="raster">The opened scene.</param>
    /// <param name="roi">The window the masks cover.</param>
    /// <param name="masks">One mask per prompt group over <paramref name="roi"/>.</param>
    /// <param name="prompts">The prepared prompts in pixels of <paramref name="roi"/> (its top-left corner is 0, 0).</param>
    /// <param name="roiInRaster">The region of interest in the raster's CRS, outlined; null draws no outline.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(string path, IS2SceneRaster raster, PixelWindow roi, ReadOnlyMemory<byte> masks, PromptSet prompts,
        NetTopologySuite.Geometries.Geometry? roiInRaster, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raster);
        ArgumentNullException.ThrowIfNull(prompts);
        var (rgb, width, height, step) = await ReadRgbAsync(raster, roi, cancellationToken).ConfigureAwait(false);
        int outPlane = width * height;
        int groups = prompts.Groups.Count;
        int roiPlane = roi.Width * roi.Height;
        var small = new byte[groups * outPlane];
        var maskSpan = masks.Span;
        for (int g = 0; g < groups; g++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    small[g * outPlane + y * width + x] = maskSpan[g * roiPlane + y * step * roi.Width + x * step];
                }
            }
        }

        // Prompts are in the window's own pixels, as is the quick-look before decimation.
        var local = prompts.Groups.Select(g => g with
        {
            Points = g.Points.Select(p => p with { X = p.X / step, Y = p.Y / step }).ToArray(),
            Box = g.Box is { } b ? new PromptBox(b.XMin / step, b.YMin / step, b.XMax / step, b.YMax / step) : null,
        }).ToArray();

        var rings = new List<IReadOnlyList<(double X, double Y)>>();
        if (roiInRaster is not null)
        {
            var transform = raster.GeoTransform;
            for (int i = 0; i < roiInRaster.NumGeometries; i++)
            {
                if (roiInRaster.GetGeometryN(i) is NetTopologySuite.Geometries.Polygon polygon)
                {
                    foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
                    {
                        rings.Add(ring.Coordinates.Select(c =>
                        {
                            var (col, row) = transform.MapToPixel(c.X, c.Y);
                            return ((col - roi.Col) / step, (row - roi.Row) / step);
                        }).ToArray());
                    }
                }
            }
        }

        using var image = roiInRaster is null
            ? QuickLookRenderer.Render(rgb, width, height, small, local)
            : QuickLookRenderer.RenderWithLegend(rgb, width, height, small, local, rings);
        await AtomicFile.WriteAsync(path, (stream, ct) => PngRgbWriter.WriteAsync(stream, image, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes automatic segmentation's quick-look: the window's picture with every segment filled lightly and outlined in
    /// its colour, later segments over earlier ones. Segments are sampled at the quick-look's pixels one at a time, so no
    /// full-resolution plane per segment exists.
    /// </summary>
    /// <param name="path">Destination PNG.</param>
    /// <param name="raster">The opened scene.</param>
    /// <param name="roi">The window the segments cover.</param>
    /// <param name="windows">Per segment, its box in pixels of <paramref name="roi"/>.</param>
    /// <param name="readSegment">Fills a segment's box (1 inside).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteSegmentsAsync(string path, IS2SceneRaster raster, PixelWindow roi, IReadOnlyList<PixelWindow> windows, Action<int, Span<byte>> readSegment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raster);
        ArgumentNullException.ThrowIfNull(windows);
        var (rgb, width, height, step) = await ReadRgbAsync(raster, roi, cancellationToken).ConfigureAwait(false);
        var labels = new int[width * height];
        for (int s = 0; s < windows.Count; s++)
        {
            var w = windows[s];
            var pixels = System.Buffers.ArrayPool<byte>.Shared.Rent(checked((int)w.PixelCount));
            try
            {
                readSegment(s, pixels.AsSpan(0, (int)w.PixelCount));
                for (int y = (w.Row + step - 1) / step; y * step < w.RowEnd && y < height; y++)
                {
                    for (int x = (w.Col + step - 1) / step; x * step < w.ColEnd && x < width; x++)
                    {
                        if (pixels[(y * step - w.Row) * w.Width + x * step - w.Col] != 0)
                        {
                            labels[y * width + x] = s + 1;
                        }
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(pixels);
            }
        }

        using var image = QuickLookRenderer.RenderSegments(rgb, width, height, labels);
        await AtomicFile.WriteAsync(path, (stream, ct) => PngRgbWriter.WriteAsync(stream, image, ct), cancellationToken).ConfigureAwait(false);
    }

    // The window's first three bands, decimated (nearest) so the longest side is at most MaxSide, read strip by strip.
    private static async Task<(float[] Rgb, int Width, int Height, int Step)> ReadRgbAsync(IS2SceneRaster raster, PixelWindow roi, CancellationToken cancellationToken)
    {
        int step = Math.Max(1, (int)Math.Ceiling(Math.Max(roi.Width, roi.Height) / (double)MaxSide));
        int width = (roi.Width + step - 1) / step, height = (roi.Height + step - 1) / step;
        int bands = raster.Bands.Count;
        int outPlane = width * height;
        var rgb = new float[3 * outPlane];
        int stripRows = Math.Max(step, 256 / step * step);
        // One buffer per quick-look, not the shared pool: a strip of a full tile is 33 MB and would stay pooled per thread.
        var strip = new float[checked(bands * roi.Width * stripRows)];
        for (int row0 = 0; row0 < roi.Height; row0 += stripRows)
        {
            int rows = Math.Min(stripRows, roi.Height - row0);
            var window = new PixelWindow(roi.Col, roi.Row + row0, roi.Width, rows);
            await raster.ReadAsync(window, strip.AsMemory(0, bands * roi.Width * rows), cancellationToken).ConfigureAwait(false);
            for (int r = 0; r < rows; r += step)
            {
                int outRow = (row0 + r) / step;
                for (int ch = 0; ch < 3; ch++)
                {
                    int b = Math.Min(ch, bands - 1);
                    int src = (b * rows + r) * roi.Width;
                    int dst = ch * outPlane + outRow * width;
                    for (int x = 0; x < width; x++)
                    {
                        rgb[dst + x] = strip[src + x * step];
                    }
                }
            }
        }

        return (rgb, width, height, step);
    }
}

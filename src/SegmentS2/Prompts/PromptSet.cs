using SegmentS2.Raster;

namespace SegmentS2.Prompts;

/// <summary>Validated prompts in pixel coordinates, one group per prompt id, in output band order.</summary>
/// <param name="Groups">The groups, ordered by <see cref="PromptGroup.Index"/>.</param>
/// <param name="RasterEpsg">EPSG code of the raster the pixel coordinates refer to.</param>
/// <param name="PixelTransform">The geotransform of the pixel grid the coordinates are in (the ROI window's, in the workflow).</param>
public sealed record PromptSet(IReadOnlyList<PromptGroup> Groups, int RasterEpsg, GeoTransform PixelTransform)
{
    /// <summary>
    /// The same prompts in a pixel frame shifted by whole pixels: every coordinate plus (<paramref name="dx"/>, <paramref name="dy"/>),
    /// and <see cref="PixelTransform"/> moved so that each prompt keeps its map position.
    /// </summary>
    public PromptSet Translate(int dx, int dy)
    {
        if (dx == 0 && dy == 0)
        {
            return this;
        }

        var (x0, y0) = PixelTransform.PixelToMap(-dx, -dy);
        return new PromptSet(
            Groups.Select(g => g with
            {
                Points = g.Points.Select(p => p with { X = p.X + dx, Y = p.Y + dy }).ToArray(),
                Box = g.Box is { } b ? new PromptBox(b.XMin + dx, b.YMin + dy, b.XMax + dx, b.YMax + dy) : null,
            }).ToArray(),
            RasterEpsg,
            PixelTransform with { X0 = x0, Y0 = y0 });
    }
}

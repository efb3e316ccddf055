using SegmentS2.Projection;
using SegmentS2.Raster;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Tests.Sentinel2;

/// <summary>
/// The DN a grid pixel must have, computed from the synthetic pattern alone: the pixel centre is
/// located in each tile's band file (exact transform), nearest pixel, first tile with data wins.
/// </summary>
internal static class SyntheticExpectation
{
    public static float Value(IReadOnlyList<SyntheticTile> tilesInOrder, string band, int gridEpsg, GeoTransform grid, double col, double row)
    {
        var (x, y) = grid.PixelToMap(col + 0.5, row + 0.5);
        foreach (var tile in tilesInOrder)
        {
            var file = tile.Bands[band];
            var (fx, fy) = tile.Epsg == gridEpsg ? (x, y) : CrsTransform.Create(gridEpsg, tile.Epsg).Transform(x, y);
            var (u, v) = file.Transform.MapToPixel(fx, fy);
            if (u >= 0 && u < file.Width && v >= 0 && v < file.Height)
            {
                ushort value = file.ValueAt((int)Math.Floor(u), (int)Math.Floor(v));
                if (value != 0)
                {
                    return value;
                }
            }
        }

        return 0;
    }

    /// <summary>Expected DNs of a window, band-sequential like <see cref="SegmentS2.Sentinel2.IS2SceneRaster.ReadAsync"/>.</summary>
    public static float[] Window(IReadOnlyList<SyntheticTile> tilesInOrder, IReadOnlyList<string> bands, int gridEpsg, GeoTransform grid, PixelWindow window)
    {
        var values = new float[window.PixelCount * bands.Count];
        int k = 0;
        foreach (var band in bands)
        {
            for (int r = 0; r < window.Height; r++)
            {
                for (int c = 0; c < window.Width; c++)
                {
                    values[k++] = Value(tilesInOrder, band, gridEpsg, grid, window.Col + c, window.Row + r);
                }
            }
        }

        return values;
    }
}

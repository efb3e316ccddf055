using System.Buffers;
using SegmentS2.Projection;
using SegmentS2.Raster;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// For a grid window over a file in another CRS (a neighbouring UTM zone): the fractional file pixel
/// position of every grid pixel centre. Positions are transformed exactly (ProjNET) on a lattice
/// every <see cref="LatticeStep"/> pixels and interpolated bilinearly in between; over 16 pixels of
/// UTM-to-UTM mapping the interpolation error is far below a thousandth of a pixel.
/// </summary>
internal sealed class ReprojectionMap : IDisposable
{
    public const int LatticeStep = 16;

    private ReprojectionMap(double[] u, double[] v, int width, int height)
    {
        U = u;
        V = v;
        Width = width;
        Height = height;
    }

    /// <summary>File column coordinate (fractional, pixel-corner based) per window pixel, row-major (pooled; Width x Height used).</summary>
    public double[] U { get; }

    /// <summary>File row coordinate per window pixel, row-major (pooled; Width x Height used).</summary>
    public double[] V { get; }

    /// <summary>Pixels mapped (Width x Height).</summary>
    public int Count => Width * Height;

    public int Width { get; }

    public int Height { get; }

    public static ReprojectionMap Create(GeoTransform grid, PixelWindow window, CrsTransform gridToFile, GeoTransform file)
    {
        int w = window.Width, h = window.Height;
        int[] cols = LatticePoints(w), rows = LatticePoints(h);
        var lu = new double[cols.Length * rows.Length];
        var lv = new double[lu.Length];
        for (int j = 0; j < rows.Length; j++)
        {
            for (int i = 0; i < cols.Length; i++)
            {
                var (x, y) = grid.PixelToMap(window.Col + cols[i] + 0.5, window.Row + rows[j] + 0.5);
                var (fx, fy) = gridToFile.Transform(x, y);
                var (fu, fv) = file.MapToPixel(fx, fy);
                lu[j * cols.Length + i] = fu;
                lv[j * cols.Length + i] = fv;
            }
        }

        var u = ArrayPool<double>.Shared.Rent(checked(w * h));
        var v = ArrayPool<double>.Shared.Rent(w * h);
        int cell = 0;
        for (int r = 0; r < h; r++)
        {
            int j = Math.Min(r / LatticeStep, rows.Length - 2);
            if (rows.Length == 1)
            {
                j = 0;
            }

            double ty = rows.Length == 1 ? 0 : (double)(r - rows[j]) / (rows[j + 1] - rows[j]);
            for (int c = 0; c < w; c++, cell++)
            {
                int i = cols.Length == 1 ? 0 : Math.Min(c / LatticeStep, cols.Length - 2);
                double tx = cols.Length == 1 ? 0 : (double)(c - cols[i]) / (cols[i + 1] - cols[i]);
                u[cell] = Interpolate(lu, cols.Length, i, j, tx, ty, cols.Length > 1, rows.Length > 1);
                v[cell] = Interpolate(lv, cols.Length, i, j, tx, ty, cols.Length > 1, rows.Length > 1);
            }
        }

        return new ReprojectionMap(u, v, w, h);
    }

    public void Dispose()
    {
        ArrayPool<double>.Shared.Return(U);
        ArrayPool<double>.Shared.Return(V);
    }

    private static double Interpolate(double[] lattice, int stride, int i, int j, double tx, double ty, bool hasX, bool hasY)
    {
        double a = lattice[j * stride + i];
        double b = hasX ? lattice[j * stride + i + 1] : a;
        double c = hasY ? lattice[(j + 1) * stride + i] : a;
        double d = hasX && hasY ? lattice[(j + 1) * stride + i + 1] : (hasX ? b : c);
        double top = a + (b - a) * tx, bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    private static int[] LatticePoints(int n)
    {
        var points = new List<int>();
        for (int k = 0; k < n - 1; k += LatticeStep)
        {
            points.Add(k);
        }

        points.Add(n - 1);
        return [.. points.Distinct()];
    }
}

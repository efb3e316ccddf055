using System.Globalization;
using System.Text.Json;
using SegmentS2.Raster;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Raster;

public class GeoTransformTests
{
    [Fact]
    public void Map_to_pixel_inverts_pixel_to_map_with_rotation()
    {
        var gt = new GeoTransform(500000, 10, 2, 4000000, 3, -10);
        var (x, y) = gt.PixelToMap(12.25, 7.5);
        var (col, row) = gt.MapToPixel(x, y);
        Assert.Equal(12.25, col, 9);
        Assert.Equal(7.5, row, 9);
    }

    [Fact]
    public void Window_transform_moves_origin_to_window_corner()
    {
        var gt = new GeoTransform(300000, 10, 0, 3000000, 0, -10);
        var w = gt.ForWindow(new PixelWindow(100, 50, 10, 10));
        Assert.Equal(301000, w.X0);
        Assert.Equal(2999500, w.Y0);
    }

    [Theory]
    [InlineData(500000, 10, 2, 4000000, 3, -10)]
    [InlineData(300000, 10, 0, 3000000, 0, -10)]
    [InlineData(-180, 0.25, 0, 90, 0, -0.25)]
    [InlineData(1000.5, -3.5, 7.25, -20, 0.125, 9)]
    public void Determinant_and_inverse_equal_gdal(double x0, double dx, double rx, double y0, double ry, double dy)
    {
        var gt = new GeoTransform(x0, dx, rx, y0, ry, dy);
        // Hand value: the signed pixel area.
        Assert.Equal(dx * dy - rx * ry, gt.Determinant);
        Assert.True(gt.TryInvert(out var inverse));

        // GDAL's InvGeoTransform as the oracle.
        string args = string.Join(",", gt.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        string json = PythonOracle.RunInline(
            "import json, sys\nfrom osgeo import gdal\nprint(json.dumps(gdal.InvGeoTransform([float(v) for v in sys.argv[1].split(',')])))",
            [args]);
        var expected = JsonSerializer.Deserialize<double[]>(json)!;
        var actual = inverse.ToArray();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12 * Math.Max(1, Math.Abs(expected[i])));
        }

        // And the inverse applied to a mapped pixel gives the pixel back.
        var (x, y) = gt.PixelToMap(12.25, 7.5);
        var (col, row) = inverse.PixelToMap(x, y);
        Assert.Equal(12.25, col, 6);
        Assert.Equal(7.5, row, 6);
    }

    [Theory]
    [InlineData(0, 10, 0, 0, 0, 0)]        // zero pixel height
    [InlineData(0, 2, 4, 0, 1, 2)]         // singular: 2*2 - 4*1 = 0
    [InlineData(double.NaN, 10, 0, 0, 0, -10)]
    [InlineData(0, double.PositiveInfinity, 0, 0, 0, -10)]
    public void Singular_or_non_finite_transforms_do_not_invert(double x0, double dx, double rx, double y0, double ry, double dy)
    {
        var gt = new GeoTransform(x0, dx, rx, y0, ry, dy);
        Assert.False(gt.IsInvertible);
        Assert.False(gt.TryInvert(out var inverse));
        Assert.Equal(default, inverse);
    }
}

using SegmentS2.Raster;

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
}

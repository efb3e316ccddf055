using SegmentS2.Projection;

namespace SegmentS2.Tests.Projection;

public class CrsTransformTests
{
    [Fact]
    public void Utm_zone_31_central_meridian_on_equator_is_false_easting()
    {
        var t = CrsTransform.Create(4326, 32631);
        var (x, y) = t.Transform(3.0, 0.0);
        Assert.Equal(500000, x, 3);
        Assert.Equal(0, y, 3);
    }

    [Fact]
    public void Known_point_matches_published_utm_coordinates()
    {
        // Oracle: `echo "-9 30" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32629 -output_xy` -> 500000 3318785.35258121
        var t = CrsTransform.Create(4326, 32629);
        var (x, y) = t.Transform(-9.0, 30.0);
        Assert.Equal(500000, x, 2);
        Assert.Equal(3318785.35258121, y, 3);
    }

    [Fact]
    public void Unknown_epsg_is_refused_by_name()
    {
        var ex = Assert.Throws<UnsupportedCrsException>(() => CrsTransform.Create(4326, 2154));
        Assert.Contains("EPSG:2154", ex.Message);
    }

    [Theory]
    [InlineData(-9.5, 30.2, 32629)]
    [InlineData(2.35, 48.85, 32631)]
    [InlineData(151.2, -33.9, 32756)]
    public void Utm_zone_is_picked_from_longitude_and_hemisphere(double lon, double lat, int epsg)
        => Assert.Equal(epsg, CrsRegistry.UtmEpsgFor(lon, lat));
}

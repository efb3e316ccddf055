using NetTopologySuite.Geometries;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Tests.Sentinel2.Validation;

public class S2RequestValidatorTests
{
    private static readonly GeometryFactory F = new();

    private static Polygon Box(double x0, double y0, double x1, double y1) =>
        F.CreatePolygon([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)]);

    private static readonly DateTimeOffset T0 = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Good_request_passes() => S2RequestValidator.Validate(new S2SearchRequest(Box(2, 48, 2.1, 48.1), T0, T0.AddDays(10)));

    [Fact]
    public void End_before_start_is_refused_naming_both()
    {
        var ex = Assert.Throws<InvalidTimeRangeException>(() => S2RequestValidator.Validate(new S2SearchRequest(Box(2, 48, 2.1, 48.1), T0, T0.AddDays(-1))));
        Assert.Contains("2023-05-31", ex.Message);
        Assert.Contains("2023-06-01", ex.Message);
    }

    [Fact]
    public void Self_intersecting_polygon_is_refused()
    {
        var bowtie = F.CreatePolygon([new(0, 0), new(1, 1), new(1, 0), new(0, 1), new(0, 0)]);
        var ex = Assert.Throws<InvalidRoiException>(() => S2RequestValidator.ValidateRoi(bowtie));
        Assert.Contains("not a valid polygon", ex.Message);
    }

    [Fact]
    public void Empty_polygon_is_refused() =>
        Assert.Contains("empty", Assert.Throws<InvalidRoiException>(() => S2RequestValidator.ValidateRoi(F.CreatePolygon())).Message);

    [Fact]
    public void Point_is_refused_naming_its_type() =>
        Assert.Contains("Point", Assert.Throws<InvalidRoiException>(() => S2RequestValidator.ValidateRoi(F.CreatePoint(new Coordinate(1, 2)))).Message);

    [Fact]
    public void Projected_coordinates_are_refused_naming_the_vertex() =>
        Assert.Contains("500000", Assert.Throws<InvalidRoiException>(() => S2RequestValidator.ValidateRoi(Box(500000, 4000000, 501000, 4001000))).Message);

    [Fact]
    public void Null_roi_is_refused() => Assert.Throws<InvalidRoiException>(() => S2RequestValidator.ValidateRoi(null));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    public void Cloud_cover_outside_0_100_is_refused(double cloud) =>
        Assert.Throws<InvalidSearchRequestException>(() => S2RequestValidator.Validate(new S2SearchRequest(Box(2, 48, 2.1, 48.1), T0, T0) { MaxCloudCover = cloud }));

    [Fact]
    public void Read_request_without_bands_is_refused() =>
        Assert.Throws<InvalidSearchRequestException>(() => S2RequestValidator.Validate(new S2ReadRequest(Box(2, 48, 2.1, 48.1), [])));
}

using SegmentS2.Tests.TestSupport;
using System.Diagnostics;
using System.Globalization;
using SegmentS2.Prompts;
using static SegmentS2.Tests.Prompts.PromptGeoJson;

namespace SegmentS2.Tests.Prompts;

public class PromptPreparationTests
{
    private readonly GeoJsonPromptEncoder _encoder = new();

    private PromptSet Prepare(string geoJson, int? promptsEpsg = Epsg) =>
        _encoder.Prepare(_encoder.ReadGeoJson(geoJson), Epsg, Transform, RasterBounds, promptsEpsg);

    [Fact]
    public void Points_become_fractional_pixels_without_rounding()
    {
        var set = Prepare(Collection(Point(1.25, 7.75, "1"), Point(1500.3, 10.7, "1", "0")));
        var group = Assert.Single(set.Groups);
        Assert.Equal(1.25, group.Points[0].X, 9);
        Assert.Equal(7.75, group.Points[0].Y, 9);
        Assert.Equal(1, group.Points[0].Label);
        Assert.Equal(1500.3, group.Points[1].X, 9);
        Assert.Equal(10.7, group.Points[1].Y, 9);
        Assert.Equal(0, group.Points[1].Label);
        Assert.Null(group.Box);
    }

    [Fact]
    public void Box_is_the_polygon_envelope_with_sorted_pixel_corners()
    {
        // The bounds' corner (minx, miny) maps to (col 100, row 150) and (maxx, maxy) to (200, 50): rows sort to 50, 150.
        var set = Prepare(Collection(Box(100, 50, 200, 150, "4", "0")));
        Assert.Equal(new PromptBox(100, 50, 200, 150), Round(set.Groups[0].Box!.Value));
    }

    [Fact]
    public void Box_grows_to_cover_foreground_points_only()
    {
        // Box 100..200 x 100..200; foreground point (250, 50) widens it; background point (300, 300) does not.
        var set = Prepare(Collection(Point(300, 300, "2", "0"), Box(100, 100, 200, 200, "2"), Point(250, 50, "2")));
        var group = set.Groups[0];
        Assert.Equal(new PromptBox(100, 50, 250, 200), Round(group.Box!.Value));
        // A grown box goes first in the reference's element order.
        Assert.Equal(0, group.PointsBeforeBox);
    }

    [Fact]
    public void Box_without_foreground_points_keeps_its_place_and_size()
    {
        var set = Prepare(Collection(Point(300, 300, "2", "0"), Point(50, 50, "2", "0"), Box(100, 100, 200, 200, "2", "0")));
        var group = set.Groups[0];
        Assert.Equal(new PromptBox(100, 100, 200, 200), Round(group.Box!.Value));
        Assert.Equal(2, group.PointsBeforeBox);
    }

    [Fact]
    public void Integer_ids_are_remapped_in_numeric_order()
    {
        var set = Prepare(Collection(Point(10, 10, "10"), Point(20, 20, "9"), Point(30, 30, "100"), Point(40, 40, "-3")));
        Assert.Equal(["-3", "9", "10", "100"], set.Groups.Select(g => g.OriginalId));
        Assert.Equal([0, 1, 2, 3], set.Groups.Select(g => g.Index));
        Assert.Equal("mask_prompt_10", set.Groups[2].BandName);
        Assert.Equal(10, set.Groups[2].Points[0].X, 9);
    }

    [Fact]
    public void String_ids_sort_by_code_point_like_python()
    {
        var set = Prepare(Collection(Point(1, 1, "\"b\""), Point(2, 2, "\"a\""), Point(3, 3, "\"B\""), Point(4, 4, "\"10\""), Point(5, 5, "\"9\"")));
        // Python: sorted(["b", "a", "B", "10", "9"]) == ["10", "9", "B", "a", "b"].
        Assert.Equal(["10", "9", "B", "a", "b"], set.Groups.Select(g => g.OriginalId));
    }

    [Fact]
    public void Mixed_ids_are_all_text_as_gdal_reads_a_mixed_column()
    {
        // GDAL types a prompt_id column holding 10, "a" and 9 as String: "10" < "9" < "a"; 1 and "1" are one id.
        var set = Prepare(Collection(Point(1, 1, "10"), Point(2, 2, "\"a\""), Point(3, 3, "9"), Point(4, 4, "1"), Point(5, 5, "\"1\"", "0")));
        Assert.Equal(["1", "10", "9", "a"], set.Groups.Select(g => g.OriginalId));
        Assert.Equal(2, set.Groups[0].Points.Count);
    }

    [Fact]
    public void Legacy_crs_member_is_honoured_and_an_explicit_epsg_wins()
    {
        string body = Collection(Point(12, 34, "1"));
        string withCrs = body.Insert(1, "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32630\"}},");
        var read = _encoder.ReadGeoJson(withCrs);
        Assert.Equal(32630, read.DeclaredEpsg);
        var set = _encoder.Prepare(read, Epsg, Transform, RasterBounds);
        Assert.Equal(12, set.Groups[0].Points[0].X, 9);
        // Stated as 4326, the UTM numbers are no longer a valid longitude and latitude.
        var e = Assert.Throws<PromptValidationException>(() => _encoder.Prepare(read, Epsg, Transform, RasterBounds, 4326));
        Assert.Equal(PromptValidationRule.InvalidCoordinate, e.Rule);
    }

    [Fact]
    public void Wgs84_prompts_are_reprojected_like_gdal()
    {
        // A point near the raster's middle, in longitude and latitude; GDAL (PROJ) gives the independent UTM position.
        const double lon = -1.5, lat = 45.1;
        var (x, y) = GdalTransform(lon, lat);
        var roi = new NetTopologySuite.Geometries.Envelope(x - 5000, x + 5000, y - 5000, y + 5000);
        var gt = new SegmentS2.Raster.GeoTransform(x - 5000, 10, 0, y + 5000, 0, -10);
        string json = Collection($$$"""{"type":"Feature","properties":{"prompt_id":1,"label":1},"geometry":{"type":"Point","coordinates":[{{{lon.ToString(CultureInfo.InvariantCulture)}}},{{{lat.ToString(CultureInfo.InvariantCulture)}}}]}}""");
        var set = _encoder.Prepare(_encoder.ReadGeoJson(json), Epsg, gt, roi);
        // (x - (x - 5000)) / 10 = 500 columns, likewise 500 rows; within 1 cm of GDAL.
        Assert.Equal(500, set.Groups[0].Points[0].X, 3);
        Assert.Equal(500, set.Groups[0].Points[0].Y, 3);
    }

    [Fact]
    public async Task Prompts_read_from_a_file_and_a_stream_equal_those_read_from_text()
    {
        string json = Collection(Point(5, 6, "3"), Box(1, 2, 30, 40, "3"));
        string path = Path.Combine(Path.GetTempPath(), $"prompts-{Guid.NewGuid():N}.geojson");
        File.WriteAllText(path, json);
        try
        {
            var fromFile = await _encoder.ReadGeoJsonFileAsync(path);
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            var fromStream = await _encoder.ReadGeoJsonAsync(stream);
            var expected = Prepare(json).Groups[0];
            foreach (var read in new[] { fromFile, fromStream })
            {
                var group = _encoder.Prepare(read, Epsg, Transform, RasterBounds, Epsg).Groups[0];
                Assert.Equal(expected.Points, group.Points);
                Assert.Equal(expected.Box, group.Box);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static PromptBox Round(PromptBox b) => new(Math.Round(b.XMin, 9), Math.Round(b.YMin, 9), Math.Round(b.XMax, 9), Math.Round(b.YMax, 9));

    private static (double X, double Y) GdalTransform(double lon, double lat) => ExternalTool.GdalTransform(4326, 32630, lon, lat);
}

using System.Text;
using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using SegmentS2.Output;
using SegmentS2.Raster;

namespace SegmentS2.Tests.Output;

/// <summary>
/// The polygons' GeoJSON: fixed-decimal coordinates (hand-computed strings), RFC 7946 ring orientation whatever the
/// input's, and a file that NetTopologySuite's own reader turns back into the written features within half a unit
/// of the last decimal.
/// </summary>
public class GeoJsonPolygonWriterTests
{
    [Theory]
    [InlineData(1.8113059068309907, 7, "1.8113059")]
    [InlineData(43.303420650154, 7, "43.3034207")]
    [InlineData(43.29, 7, "43.29")]
    [InlineData(180.0, 7, "180")]
    [InlineData(-12.5, 7, "-12.5")]
    [InlineData(-73.98564712, 7, "-73.9856471")]
    [InlineData(0.0000001, 7, "0.0000001")]
    [InlineData(-0.00000004, 7, "0")]
    [InlineData(12.00000004, 7, "12")]
    [InlineData(399960.25, 3, "399960.25")]
    [InlineData(4790220.0004, 3, "4790220")]
    [InlineData(0.001, 3, "0.001")]
    [InlineData(-5.0, 0, "-5")]
    public void Coordinates_are_rounded_to_fixed_decimals_without_trailing_zeros(double value, int decimals, string expected)
    {
        Span<byte> buffer = stackalloc byte[32];
        int n = GeoJsonPolygonWriter.FormatCoordinate(value, decimals, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e12)]
    public void A_coordinate_that_cannot_be_fixed_point_is_refused_by_value(double value)
    {
        var buffer = new byte[32];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GeoJsonPolygonWriter.FormatCoordinate(value, 7, buffer));
        Assert.Equal(value, e.ActualValue);
    }

    [Fact]
    public async Task A_mask_with_a_hole_comes_back_from_the_file_as_written_to_the_last_decimal()
    {
        // 10 m UTM pixels (zone 31N) in EPSG:4326: a 4 x 3 block with a 2 x 1 hole, and a single pixel apart.
        const int W = 8, H = 6;
        string[] rows = ["........", ".####...", ".#..#...", ".####..#", "........", "........"];
        var mask = new byte[W * H];
        for (int r = 0; r < H; r++)
        {
            for (int c = 0; c < W; c++)
            {
                mask[r * W + c] = rows[r][c] == '#' ? (byte)1 : (byte)0;
            }
        }

        var transform = new GeoTransform(399960, 10, 0, 4800000, 0, -10);
        var written = PolygonWriter.Build(mask, W, H, transform, 32631, ["field-1"], "S2B_TEST", new DateTimeOffset(2023, 6, 14, 10, 56, 19, TimeSpan.Zero), 4326, 0);
        using var stream = new MemoryStream();
        await GeoJsonPolygonWriter.WriteAsync(stream, written, GeoJsonPolygonWriter.DegreeDecimals);

        string json = Encoding.UTF8.GetString(stream.ToArray());
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        var read = JsonSerializer.Deserialize<FeatureCollection>(json, options)!;

        var expected = Assert.Single(written);
        var actual = Assert.Single(read);
        var (want, got) = ((MultiPolygon)expected.Geometry, (MultiPolygon)actual.Geometry);
        Assert.Equal(2, got.NumGeometries);
        Assert.Equal(want.NumGeometries, got.NumGeometries);
        for (int p = 0; p < want.NumGeometries; p++)
        {
            var (a, b) = ((Polygon)want.GetGeometryN(p), (Polygon)got.GetGeometryN(p));
            Assert.Equal(a.NumInteriorRings, b.NumInteriorRings);
            Assert.True(Orientation.IsCCW(b.Shell.CoordinateSequence), $"polygon {p}: the shell is not counter-clockwise");
            Assert.All(b.Holes, h => Assert.False(Orientation.IsCCW(h.CoordinateSequence), $"polygon {p}: a hole is not clockwise"));
            // The polygoniser's rings, turned as RFC 7946 asks where they run the other way, to the last written decimal.
            AssertSameRing(Rfc7946(a.Shell, shell: true), b.Shell.Coordinates, p);
            for (int h = 0; h < a.NumInteriorRings; h++)
            {
                AssertSameRing(Rfc7946(a.Holes[h], shell: false), b.Holes[h].Coordinates, p);
            }
        }

        // Properties in order, with their JSON types: 11 pixels of 100 m2.
        using var document = JsonDocument.Parse(json);
        var properties = document.RootElement.GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(["prompt_id", "scene_id", "datetime", "area_m2", "pixel_count"], properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal("field-1", properties.GetProperty("prompt_id").GetString());
        Assert.Equal("2023-06-14T10:56:19.000Z", properties.GetProperty("datetime").GetString());
        Assert.Equal(1100, properties.GetProperty("area_m2").GetDouble());
        Assert.Equal(11, properties.GetProperty("pixel_count").GetInt64());
        Assert.Equal(["type", "geometry", "properties"], document.RootElement.GetProperty("features")[0].EnumerateObject().Select(p => p.Name));
    }

    private static Coordinate[] Rfc7946(LinearRing ring, bool shell) =>
        Orientation.IsCCW(ring.CoordinateSequence) == shell ? ring.Coordinates : ring.Coordinates.Reverse().ToArray();

    private static void AssertSameRing(Coordinate[] expected, Coordinate[] actual, int polygon)
    {
        Assert.True(expected.Length == actual.Length, $"polygon {polygon}: {actual.Length} vertices read back, {expected.Length} written");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.InRange(Math.Abs(actual[i].X - expected[i].X), 0, 0.5e-7 + 1e-12);
            Assert.InRange(Math.Abs(actual[i].Y - expected[i].Y), 0, 0.5e-7 + 1e-12);
        }
    }

    [Fact]
    public async Task A_clockwise_shell_and_a_counter_clockwise_hole_are_written_the_other_way_round()
    {
        var factory = new GeometryFactory();
        var shell = factory.CreateLinearRing([new(0, 0), new(0, 4), new(4, 4), new(4, 0), new(0, 0)]); // clockwise
        var hole = factory.CreateLinearRing([new(1, 1), new(2, 1), new(2, 2), new(1, 2), new(1, 1)]); // counter-clockwise
        var collection = new FeatureCollection { new Feature(factory.CreatePolygon(shell, [hole]), new AttributesTable { { "n", 1 } }) };
        using var stream = new MemoryStream();
        await GeoJsonPolygonWriter.WriteAsync(stream, collection, GeoJsonPolygonWriter.MetreDecimals);

        string json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal(
            """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]},"properties":{"n":1}}]}""",
            json);
    }

    [Fact]
    public async Task An_attribute_of_another_type_is_refused_by_name()
    {
        var factory = new GeometryFactory();
        var collection = new FeatureCollection { new Feature(factory.CreateMultiPolygon(), new AttributesTable { { "when", DateTime.UnixEpoch } }) };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => GeoJsonPolygonWriter.WriteAsync(new MemoryStream(), collection, 3));
        Assert.Contains("'when'", e.Message);
    }
}

using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using SegmentS2.Prompts;
using static SegmentS2.Tests.Prompts.PromptGeoJson;

namespace SegmentS2.Tests.Prompts;

public class PromptValidationTests
{
    private readonly GeoJsonPromptEncoder _encoder = new();

    private PromptValidationException Fails(string geoJson) =>
        Assert.Throws<PromptValidationException>(() => _encoder.Prepare(_encoder.ReadGeoJson(geoJson), Epsg, Transform, RasterBounds, Epsg));

    [Theory]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [", PromptValidationRule.MalformedJson)]
    [InlineData("not json", PromptValidationRule.MalformedJson)]
    [InlineData("[1, 2]", PromptValidationRule.NotAFeatureCollection)]
    [InlineData("{\"type\": \"Feature\", \"properties\": {}, \"geometry\": null}", PromptValidationRule.NotAFeatureCollection)]
    [InlineData("{\"type\": \"FeatureCollection\"}", PromptValidationRule.NotAFeatureCollection)]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": {}}", PromptValidationRule.NotAFeatureCollection)]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [42]}", PromptValidationRule.InvalidFeature)]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [\"a\", 1]}}]}", PromptValidationRule.InvalidFeature)]
    [InlineData("{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"WGS84-ish\"}}, \"features\": []}", PromptValidationRule.InvalidCrs)]
    public void Unreadable_geojson_is_refused_by_kind(string text, PromptValidationRule rule)
    {
        var e = Assert.Throws<PromptValidationException>(() => _encoder.ReadGeoJson(text));
        Assert.Equal(rule, e.Rule);
    }

    [Fact]
    public void Bad_geometry_names_the_feature_index()
    {
        var e = Assert.Throws<PromptValidationException>(() => _encoder.ReadGeoJson(Collection(Point(1, 1, "1"),
            """{"type":"Feature","properties":{"prompt_id":1,"label":1},"geometry":{"type":"Point","coordinates":[1]}}""")));
        Assert.Equal(PromptValidationRule.InvalidFeature, e.Rule);
        Assert.Equal(1, e.FeatureIndex);
        Assert.Contains("Feature 1", e.Message);
    }

    [Fact]
    public void Empty_collection_is_refused()
    {
        var e = Fails(Collection());
        Assert.Equal(PromptValidationRule.EmptyCollection, e.Rule);
    }

    [Fact]
    public void Missing_label_property_is_rule_one_and_lists_what_was_found()
    {
        var e = Fails(Collection("""{"type":"Feature","properties":{"prompt_id":1,"lable":1},"geometry":{"type":"Point","coordinates":[600100,4999900]}}"""));
        Assert.Equal(PromptValidationRule.MissingProperty, e.Rule);
        Assert.Contains("'label'", e.Message);
        Assert.Contains("'lable'", e.Message);
    }

    [Theory]
    [InlineData("""{"type":"LineString","coordinates":[[600100,4999900],[600200,4999800]]}""", "LineString")]
    [InlineData("""{"type":"MultiPoint","coordinates":[[600100,4999900]]}""", "MultiPoint")]
    [InlineData("null", "null")]
    public void Geometry_other_than_point_or_polygon_is_rule_two(string geometry, string type)
    {
        var e = Fails(Collection(Point(1, 1, "1"), $$$"""{"type":"Feature","properties":{"prompt_id":7,"label":1},"geometry":{{{geometry}}}}"""));
        Assert.Equal(PromptValidationRule.UnsupportedGeometry, e.Rule);
        Assert.Equal(1, e.FeatureIndex);
        Assert.Equal("7", e.PromptId);
        Assert.Equal(type, e.Value);
        Assert.Contains(type, e.Message);
    }

    [Fact]
    public void Point_on_the_roi_edge_is_outside()
    {
        // Column 0 is the ROI envelope's west edge: GEOS "within" is strict for a point.
        var e = Fails(Collection(Point(10, 10, "1"), Point(0, 500, "3")));
        Assert.Equal(PromptValidationRule.OutsideRoi, e.Rule);
        Assert.Equal(1, e.FeatureIndex);
        Assert.Equal("3", e.PromptId);
        Assert.Contains("(600000, 4995000)", e.Message);
    }

    [Fact]
    public void Box_sharing_the_roi_edge_from_inside_is_within()
    {
        var set = _encoder.Prepare(_encoder.ReadGeoJson(Collection(Box(0, 0, 100, 100, "1"))), Epsg, Transform, RasterBounds, Epsg);
        Assert.NotNull(set.Groups[0].Box);
        var e = Fails(Collection(Box(2000, 0, 2049, 100, "1")));
        Assert.Equal(PromptValidationRule.OutsideRoi, e.Rule);
    }

    [Fact]
    public void Nan_coordinates_are_refused()
    {
        var features = new FeatureCollection
        {
            new Feature(new Point(double.NaN, 4999900), new AttributesTable { { "prompt_id", 1 }, { "label", 1 } }),
        };
        var e = Assert.Throws<PromptValidationException>(() => _encoder.Prepare(features, Epsg, Transform, RasterBounds, Epsg));
        Assert.Equal(PromptValidationRule.InvalidCoordinate, e.Rule);
        Assert.Equal(0, e.FeatureIndex);
    }

    [Fact]
    public void Overflowing_json_coordinates_are_refused_as_typed_errors()
    {
        var e = Assert.ThrowsAny<PromptValidationException>(() => _encoder.Prepare(_encoder.ReadGeoJson(Collection(
            """{"type":"Feature","properties":{"prompt_id":1,"label":1},"geometry":{"type":"Point","coordinates":[1e999,4999900]}}""")),
            Epsg, Transform, RasterBounds, Epsg));
        Assert.Contains(e.Rule, new[] { PromptValidationRule.InvalidFeature, PromptValidationRule.InvalidCoordinate });
    }

    [Fact]
    public void Empty_point_is_refused()
    {
        var e = Fails(Collection("""{"type":"Feature","properties":{"prompt_id":1,"label":1},"geometry":{"type":"Point","coordinates":[]}}"""));
        Assert.Contains(e.Rule, new[] { PromptValidationRule.EmptyGeometry, PromptValidationRule.InvalidFeature });
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{\"a\": 1}")]
    [InlineData("1e2")]
    [InlineData("99999999999999999999")]
    public void Prompt_id_must_be_an_integer_or_a_string(string id)
    {
        var e = Fails(Collection(Point(1, 1, "\"ok\""), Point(2, 2, id)));
        Assert.Equal(PromptValidationRule.InvalidPromptId, e.Rule);
        Assert.Equal(1, e.FeatureIndex);
        Assert.Equal(id, e.Value);
        Assert.Contains(id, e.Message);
    }

    [Fact]
    public void Prompt_id_missing_on_one_feature_is_an_invalid_id()
    {
        var e = Fails(Collection(Point(1, 1, "1"), """{"type":"Feature","properties":{"label":1},"geometry":{"type":"Point","coordinates":[600100,4999900]}}"""));
        Assert.Equal(PromptValidationRule.InvalidPromptId, e.Rule);
        Assert.Equal("missing", e.Value);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("1.0")]
    [InlineData("0.0")]
    [InlineData("1e0")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("\"1\"")]
    [InlineData("null")]
    public void Label_must_be_the_integer_zero_or_one(string label)
    {
        var e = Fails(Collection(Point(1, 1, "1"), Point(2, 2, "8", label)));
        Assert.Equal(PromptValidationRule.InvalidLabel, e.Rule);
        Assert.Equal(1, e.FeatureIndex);
        Assert.Equal("8", e.PromptId);
        Assert.Equal(label, e.Value);
    }

    [Fact]
    public void Two_boxes_for_one_id_are_refused_but_two_ids_may_each_have_one()
    {
        var ok = _encoder.Prepare(_encoder.ReadGeoJson(Collection(Box(1, 1, 5, 5, "1"), Box(1, 1, 5, 5, "2"))), Epsg, Transform, RasterBounds, Epsg);
        Assert.Equal(2, ok.Groups.Count);
        // Ids 7 and 3 both have two boxes; the reference's sorted groupby reports 3 first.
        var e = Fails(Collection(Box(1, 1, 5, 5, "7"), Box(1, 1, 5, 5, "3"), Box(2, 2, 6, 6, "7"), Box(2, 2, 6, 6, "3")));
        Assert.Equal(PromptValidationRule.MultipleBoxes, e.Rule);
        Assert.Equal("3", e.PromptId);
        Assert.Equal(3, e.FeatureIndex);
        Assert.Contains("features 1, 3", e.Message);
    }

    [Fact]
    public void Rules_run_in_the_reference_order()
    {
        // Feature 0 breaks rule 4 (label) and feature 1 breaks rule 2 (geometry): rule 2 is reported.
        var line = """{"type":"Feature","properties":{"prompt_id":1,"label":1},"geometry":{"type":"LineString","coordinates":[[600100,4999900],[600200,4999800]]}}""";
        Assert.Equal(PromptValidationRule.UnsupportedGeometry, Fails(Collection(Point(1, 1, "1", "5"), line)).Rule);
        // Rule 3 (outside) on feature 2 beats rule 4 (id) on feature 0.
        Assert.Equal(PromptValidationRule.OutsideRoi, Fails(Collection(Point(1, 1, "1.5"), Point(2, 2, "1"), Point(5000, 2, "1"))).Rule);
        // All ids are checked before any label: a bad id on feature 1 beats a bad label on feature 0.
        var e = Fails(Collection(Point(1, 1, "1", "7"), Point(2, 2, "true")));
        Assert.Equal(PromptValidationRule.InvalidPromptId, e.Rule);
        // Rule 1 beats everything: no label anywhere, even with a LineString present.
        Assert.Equal(PromptValidationRule.MissingProperty, Fails(Collection(line.Replace("\"label\":1", "\"x\":1", StringComparison.Ordinal))).Rule);
        // Labels (rule 4) beat two boxes (rule 5).
        Assert.Equal(PromptValidationRule.InvalidLabel, Fails(Collection(Box(1, 1, 5, 5, "1"), Box(1, 1, 5, 5, "1", "3"))).Rule);
    }

    [Fact]
    public async Task Unreadable_file_is_a_typed_error_naming_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.geojson");
        var e = await Assert.ThrowsAsync<PromptValidationException>(() => _encoder.ReadGeoJsonFileAsync(path));
        Assert.Equal(PromptValidationRule.Unreadable, e.Rule);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Programmatic_features_with_clr_values_are_accepted()
    {
        var features = new FeatureCollection
        {
            new Feature(new Point(600105, 4999895), new AttributesTable { { "prompt_id", 12L }, { "label", 1 } }),
            new Feature(new Point(600205, 4999795), new AttributesTable { { "prompt_id", "x" }, { "label", 0 } }),
        };
        var set = _encoder.Prepare(features, Epsg, Transform, RasterBounds, Epsg);
        Assert.Equal(["12", "x"], set.Groups.Select(g => g.OriginalId));
        var bad = new FeatureCollection { new Feature(new Point(600105, 4999895), new AttributesTable { { "prompt_id", 1 }, { "label", 1.0 } }) };
        Assert.Equal(PromptValidationRule.InvalidLabel,
            Assert.Throws<PromptValidationException>(() => _encoder.Prepare(bad, Epsg, Transform, RasterBounds, Epsg)).Rule);
    }
}

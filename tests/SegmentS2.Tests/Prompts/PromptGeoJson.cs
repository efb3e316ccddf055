using System.Globalization;
using NetTopologySuite.Geometries;
using SegmentS2.Raster;

namespace SegmentS2.Tests.Prompts;

/// <summary>
/// Builds prompt GeoJSON on a 10 m UTM grid (EPSG:32630) whose pixel (col, row) has its top-left corner at
/// x = 600000 + 10 col, y = 5000000 - 10 row, so pixel coordinates can be checked by hand.
/// </summary>
internal static class PromptGeoJson
{
    public const int Epsg = 32630;
    public static readonly GeoTransform Transform = new(600000, 10, 0, 5000000, 0, -10);

    /// <summary>The envelope of a 2048 x 1024 raster on this grid.</summary>
    public static Envelope RasterBounds => new(600000, 600000 + 20480, 5000000 - 10240, 5000000);

    public static string X(double col) => (600000 + 10 * col).ToString("R", CultureInfo.InvariantCulture);

    public static string Y(double row) => (5000000 - 10 * row).ToString("R", CultureInfo.InvariantCulture);

    public static string Point(double col, double row, string id, string label = "1") =>
        $$$"""{"type":"Feature","properties":{"prompt_id":{{{id}}},"label":{{{label}}}},"geometry":{"type":"Point","coordinates":[{{{X(col)}}},{{{Y(row)}}}]}}""";

    public static string Box(double col0, double row0, double col1, double row1, string id, string label = "1") =>
        $$$"""{"type":"Feature","properties":{"prompt_id":{{{id}}},"label":{{{label}}}},"geometry":{"type":"Polygon","coordinates":[[[{{{X(col0)}}},{{{Y(row0)}}}],[{{{X(col1)}}},{{{Y(row0)}}}],[{{{X(col1)}}},{{{Y(row1)}}}],[{{{X(col0)}}},{{{Y(row1)}}}],[{{{X(col0)}}},{{{Y(row0)}}}]]]}}""";

    public static string Collection(params string[] features) =>
        $$$"""{"type":"FeatureCollection","features":[{{{string.Join(",", features)}}}]}""";
}

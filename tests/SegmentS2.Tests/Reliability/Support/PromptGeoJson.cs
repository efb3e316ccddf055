using System.Globalization;
using SegmentS2.Projection;

namespace SegmentS2.Tests.Reliability.Support;

/// <summary>Builds prompt FeatureCollections from UTM positions, written in longitude/latitude.</summary>
internal sealed class PromptGeoJson(int epsg)
{
    private readonly CrsTransform _toWgs84 = CrsTransform.Create(epsg, CrsRegistry.Wgs84);
    private readonly List<string> _features = [];

    public PromptGeoJson Point(double x, double y, string id, int label = 1)
    {
        _features.Add($$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":{{{LonLat(x, y)}}}},"properties":{"prompt_id":{{{Id(id)}}},"label":{{{label}}}}}""");
        return this;
    }

    public PromptGeoJson Box(double x0, double y0, double x1, double y1, string id)
    {
        string ring = string.Join(",", new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) }.Select(p => LonLat(p.Item1, p.Item2)));
        _features.Add($$$"""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[{{{ring}}}]]},"properties":{"prompt_id":{{{Id(id)}}},"label":1}}""");
        return this;
    }

    public string Build() => $$"""{"type":"FeatureCollection","features":[{{string.Join(",", _features)}}]}""";

    // Integer ids as JSON numbers, anything else as a JSON string (escaped).
    private static string Id(string id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? id : System.Text.Json.JsonSerializer.Serialize(id);

    private string LonLat(double x, double y)
    {
        var (lon, lat) = _toWgs84.Transform(x, y);
        return string.Create(CultureInfo.InvariantCulture, $"[{lon:R},{lat:R}]");
    }
}

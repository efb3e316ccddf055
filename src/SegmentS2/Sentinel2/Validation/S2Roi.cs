using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace SegmentS2.Sentinel2.Validation;

/// <summary>Reads a region of interest from GeoJSON (a geometry, Feature or FeatureCollection) or WKT, in EPSG:4326.</summary>
internal static class S2Roi
{
    private static readonly JsonSerializerOptions GeoJson = CreateOptions();

    /// <summary>
    /// Reads an ROI from a file (GeoJSON or WKT) when <paramref name="fileOrText"/> names one, else parses
    /// the text itself. Polygons of a FeatureCollection are united. The result is validated.
    /// </summary>
    /// <exception cref="InvalidRoiException">The text is neither GeoJSON nor WKT, holds no polygon, or the polygon is invalid.</exception>
    public static Geometry Load(string fileOrText)
    {
        if (string.IsNullOrWhiteSpace(fileOrText))
        {
            throw new InvalidRoiException("No region of interest given; pass a GeoJSON file or a WKT polygon.");
        }

        string text = fileOrText;
        string what = "the WKT/GeoJSON text";
        if (File.Exists(fileOrText))
        {
            text = File.ReadAllText(fileOrText);
            what = $"'{fileOrText}'";
        }

        return Parse(text, what);
    }

    /// <summary>Parses GeoJSON or WKT text into a validated ROI.</summary>
    /// <exception cref="InvalidRoiException">It is not a valid polygon.</exception>
    public static Geometry Parse(string text, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        string what = description ?? "the region of interest";
        Geometry geometry;
        try
        {
            geometry = text.TrimStart().StartsWith('{') ? FromGeoJson(text) : new WKTReader().Read(text);
        }
        catch (Exception ex) when (ex is JsonException or ParseException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw new InvalidRoiException($"{what} is neither GeoJSON nor WKT: {ex.Message}", ex);
        }

        S2RequestValidator.ValidateRoi(geometry);
        return geometry;
    }

    private static Geometry FromGeoJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "FeatureCollection":
                var features = JsonSerializer.Deserialize<FeatureCollection>(json, GeoJson) ?? throw new FormatException("empty FeatureCollection");
                var polygons = features.Select(f => f.Geometry).Where(g => g is Polygon or MultiPolygon).ToArray();
                if (polygons.Length == 0)
                {
                    throw new FormatException("the FeatureCollection holds no Polygon or MultiPolygon");
                }

                return polygons.Length == 1 ? polygons[0] : new GeometryFactory().BuildGeometry(polygons).Union();
            case "Feature":
                return (JsonSerializer.Deserialize<IFeature>(json, GeoJson) ?? throw new FormatException("empty Feature")).Geometry
                    ?? throw new FormatException("the Feature has no geometry");
            default:
                return JsonSerializer.Deserialize<Geometry>(json, GeoJson) ?? throw new FormatException("empty geometry");
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return options;
    }
}

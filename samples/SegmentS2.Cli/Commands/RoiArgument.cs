using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace SegmentS2.Cli.Commands;

/// <summary>Reads a <c>--roi</c> value: a GeoJSON file (geometry, Feature or FeatureCollection) or WKT text.</summary>
public static class RoiArgument
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>The ROI geometry; a FeatureCollection gives the collection of its geometries (only the envelope matters).</summary>
    /// <exception cref="InvalidOptionException">Neither a readable GeoJSON file nor WKT.</exception>
    public static async Task<Geometry> ReadAsync(string value, CancellationToken cancellationToken)
    {
        if (File.Exists(value))
        {
            string text = await File.ReadAllTextAsync(value, cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(text);
                string? type = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var t)
                    ? t.GetString() : null;
                Geometry? geometry = type switch
                {
                    "FeatureCollection" => Combine(document.RootElement.Deserialize<FeatureCollection>(GeoJson)),
                    "Feature" => document.RootElement.Deserialize<IFeature>(GeoJson)?.Geometry,
                    _ => document.RootElement.Deserialize<Geometry>(GeoJson),
                };
                return geometry ?? throw new InvalidOptionException("--roi", value, "a GeoJSON file with a geometry");
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                throw new InvalidOptionException("--roi", value, $"a GeoJSON geometry, Feature or FeatureCollection file ({e.Message})");
            }
        }

        try
        {
            return new WKTReader().Read(value);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
        {
            throw new InvalidOptionException("--roi", value, $"an existing GeoJSON file or WKT text ({e.Message})");
        }
    }

    private static Geometry? Combine(FeatureCollection? features) =>
        features is null || features.Count == 0 ? null : new GeometryFactory().BuildGeometry(features.Select(f => f.Geometry).Where(g => g is not null));
}

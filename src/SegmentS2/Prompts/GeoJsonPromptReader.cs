using System.Text.Json;
using System.Text.RegularExpressions;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace SegmentS2.Prompts;

/// <summary>Reads a GeoJSON FeatureCollection of prompts, one feature at a time so errors can name the feature.</summary>
internal static partial class GeoJsonPromptReader
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Converters = { new GeoJsonConverterFactory() },
        MaxDepth = 64,
    };

    internal static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static PromptCollection Parse(string geoJson)
    {
        ArgumentNullException.ThrowIfNull(geoJson);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(geoJson, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }

        using (document)
        {
            return FromDocument(document);
        }
    }

    public static async Task<PromptCollection> ParseAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, DocumentOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
        catch (IOException e)
        {
            throw new PromptValidationException(PromptValidationRule.Unreadable, $"The prompts cannot be read: {e.Message}", innerException: e);
        }

        using (document)
        {
            return FromDocument(document);
        }
    }

    private static PromptValidationException Malformed(JsonException e) => new(PromptValidationRule.MalformedJson,
        $"The prompts are not valid JSON: {e.Message}", value: e.LineNumber is { } line ? $"line {line + 1}, byte {e.BytePositionInLine + 1}" : null, innerException: e);

    private static PromptCollection FromDocument(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PromptValidationException(PromptValidationRule.NotAFeatureCollection,
                $"The prompts must be a GeoJSON FeatureCollection object, not a JSON {root.ValueKind}.", value: root.ValueKind.ToString());
        }

        string? type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type != "FeatureCollection")
        {
            string found = root.TryGetProperty("type", out var raw) ? raw.GetRawText() : "no \"type\" member";
            throw new PromptValidationException(PromptValidationRule.NotAFeatureCollection,
                $"The prompts must be a GeoJSON FeatureCollection; found type {found}.", value: found);
        }

        if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            string found = root.TryGetProperty("features", out var raw) ? raw.ValueKind.ToString() : "none";
            throw new PromptValidationException(PromptValidationRule.NotAFeatureCollection,
                $"The FeatureCollection's \"features\" member must be an array; found {found}.", value: found);
        }

        int? epsg = ReadCrs(root);
        var collection = new FeatureCollection();
        int index = 0;
        foreach (var element in features.EnumerateArray())
        {
            collection.Add(ReadFeature(element, index));
            index++;
        }

        return new PromptCollection(collection, epsg);
    }

    private static IFeature ReadFeature(JsonElement element, int index)
    {
        string? type = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString() : null;
        if (type != "Feature")
        {
            string found = element.ValueKind != JsonValueKind.Object ? $"a JSON {element.ValueKind}"
                : element.TryGetProperty("type", out var raw) ? $"type {raw.GetRawText()}" : "no \"type\" member";
            throw new PromptValidationException(PromptValidationRule.InvalidFeature,
                $"Feature {index} is not a GeoJSON Feature: found {found}.", index, value: found);
        }

        try
        {
            return element.Deserialize<IFeature>(SerializerOptions)
                ?? throw new JsonException("the feature reads as null");
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or OverflowException or NotSupportedException)
        {
            string geometry = element.TryGetProperty("geometry", out var g) ? Shorten(g.GetRawText()) : "none";
            throw new PromptValidationException(PromptValidationRule.InvalidFeature,
                $"Feature {index} cannot be read as GeoJSON ({e.Message}); its geometry is {geometry}.", index, value: geometry, innerException: e);
        }
    }

    /// <summary>The EPSG code of a legacy (GeoJSON 2008) <c>crs</c> member, or null when there is none.</summary>
    private static int? ReadCrs(JsonElement root)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string? name = crs.ValueKind == JsonValueKind.Object
            && crs.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "name"
            && crs.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object
            && props.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString() : null;
        if (name is not null)
        {
            if (Crs84Name().IsMatch(name))
            {
                return Projection.CrsRegistry.Wgs84;
            }

            var match = EpsgName().Match(name);
            if (match.Success && int.TryParse(match.Groups["code"].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code))
            {
                return code;
            }
        }

        string raw = Shorten(crs.GetRawText());
        throw new PromptValidationException(PromptValidationRule.InvalidCrs,
            $"The GeoJSON \"crs\" member {raw} names no EPSG code; expected {{\"type\": \"name\", \"properties\": {{\"name\": \"urn:ogc:def:crs:EPSG::NNNN\"}}}}.",
            value: raw);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "...");

    [GeneratedRegex(@"^(urn:ogc:def:crs:EPSG:[0-9.]*:|EPSG:)(?<code>[0-9]{1,9})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EpsgName();

    [GeneratedRegex(@"^urn:ogc:def:crs:OGC:[0-9.]*:CRS84$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Crs84Name();
}

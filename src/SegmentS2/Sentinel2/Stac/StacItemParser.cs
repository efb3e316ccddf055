using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Sentinel2.Stac;

/// <summary>
/// Turns STAC item JSON from Planetary Computer, Earth Search or a local file into <see cref="S2Item"/>.
/// Asset keys are read from the item, never assumed: an asset is a band when its key, its
/// <c>eo:bands</c> name or its Earth Search common name names one (B04, red, nir08, scl...).
/// </summary>
internal static partial class StacItemParser
{
    private static readonly JsonSerializerOptions GeoJsonOptions = CreateGeoJsonOptions();

    /// <summary>Parses one STAC item (a GeoJSON Feature).</summary>
    /// <exception cref="InvalidStacItemException">The item has no id, no datetime or unusable properties.</exception>
    public static S2Item Parse(JsonElement feature)
    {
        try
        {
            return ParseItem(feature);
        }
        catch (InvalidOperationException ex)
        {
            // JsonDocument checks UTF-8 and \u escapes inside strings (and member names) only when one is read.
            throw new InvalidStacItemException(IdForMessage(feature), $"it holds text that is not valid Unicode ({ex.Message})", ex);
        }
    }

    private static S2Item ParseItem(JsonElement feature)
    {
        if (feature.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidStacItemException("(no id)", $"it is a JSON {feature.ValueKind}, not an object");
        }

        string id = feature.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String && idElement.GetString() is { Length: > 0 } s
            ? s
            : throw new InvalidStacItemException("(no id)", "it has no 'id'");
        if (!feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidStacItemException(id, "it has no 'properties' object");
        }

        var datetime = ReadDateTime(props, id);
        var assets = ReadAssets(feature);
        string? productUri = GetString(props, "s2:product_uri");
        return new S2Item
        {
            Id = id,
            DateTime = datetime,
            Collection = GetString(feature, "collection"),
            MgrsTile = ReadMgrsTile(props, id),
            Epsg = ReadEpsg(props),
            CloudCover = GetDouble(props, "eo:cloud_cover"),
            ProcessingBaseline = GetString(props, "s2:processing_baseline"),
            RelativeOrbit = GetInt(props, "sat:relative_orbit") ?? OrbitFrom(productUri) ?? OrbitFrom(id),
            Platform = GetString(props, "platform")?.Trim().ToLowerInvariant(),
            BoaOffsetApplied = props.TryGetProperty("earthsearch:boa_offset_applied", out var boa) && boa.ValueKind == JsonValueKind.True,
            Assets = assets,
            Footprint = ReadGeometry(feature, id),
        };
    }

    /// <summary>
    /// The band id an asset stands for, from its key and its <c>eo:bands</c> entry, or null. Assets
    /// that declare a media type other than TIFF (Earth Search's <c>red-jp2</c>...) are no band here.
    /// </summary>
    public static string? BandIdOf(string key, JsonElement asset)
    {
        if (GetString(asset, "type") is { } mediaType && !mediaType.Contains("tiff", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (S2Bands.TryResolve(key, out var byKey) && !IsAlias(key))
        {
            return byKey;
        }

        if (asset.ValueKind == JsonValueKind.Object && asset.TryGetProperty("eo:bands", out var eoBands)
            && eoBands.ValueKind == JsonValueKind.Array && eoBands.GetArrayLength() == 1)
        {
            var band = eoBands[0];
            if (GetString(band, "name") is string name && S2Bands.TryResolve(name, out var byName) && !IsAlias(name))
            {
                return byName;
            }
        }

        return null;
    }

    // The single letters R, G, B, N are user aliases, not catalogue names: an asset keyed "B" is no blue band.
    private static bool IsAlias(string name) => name.Trim().Length == 1;

    private static IReadOnlyDictionary<string, S2Asset> ReadAssets(JsonElement feature)
    {
        var assets = new Dictionary<string, S2Asset>(StringComparer.Ordinal);
        if (!feature.TryGetProperty("assets", out var assetsElement) || assetsElement.ValueKind != JsonValueKind.Object)
        {
            return assets;
        }

        foreach (var property in assetsElement.EnumerateObject())
        {
            var asset = property.Value;
            if (asset.ValueKind != JsonValueKind.Object || GetString(asset, "href") is not { Length: > 0 } href)
            {
                continue;
            }

            double? scale = null, offset = null;
            if (asset.TryGetProperty("raster:bands", out var rasterBands) && rasterBands.ValueKind == JsonValueKind.Array && rasterBands.GetArrayLength() > 0)
            {
                scale = GetDouble(rasterBands[0], "scale");
                offset = GetDouble(rasterBands[0], "offset");
            }

            assets[property.Name] = new S2Asset(property.Name, href, BandIdOf(property.Name, asset), scale, offset);
        }

        return assets;
    }

    private static DateTimeOffset ReadDateTime(JsonElement props, string id)
    {
        var text = GetString(props, "datetime") ?? GetString(props, "start_datetime");
        if (text is null)
        {
            throw new InvalidStacItemException(id, "it has no 'datetime'");
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new InvalidStacItemException(id, $"its datetime '{text}' is not RFC 3339");
        }

        return value;
    }

    private static string? ReadMgrsTile(JsonElement props, string id)
    {
        if (GetString(props, "s2:mgrs_tile") is { Length: > 0 } tile)
        {
            return tile.ToUpperInvariant();
        }

        if (GetString(props, "grid:code") is { } grid && grid.StartsWith("MGRS-", StringComparison.OrdinalIgnoreCase))
        {
            return grid[5..].ToUpperInvariant();
        }

        if (GetInt(props, "mgrs:utm_zone") is int zone && GetString(props, "mgrs:latitude_band") is { } band && GetString(props, "mgrs:grid_square") is { } square)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{zone:00}{band}{square}").ToUpperInvariant();
        }

        var match = TileInId().Match(id);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static int? ReadEpsg(JsonElement props)
    {
        if (GetInt(props, "proj:epsg") is int epsg)
        {
            return epsg;
        }

        if (GetString(props, "proj:code") is { } code && code.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(code.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int fromCode))
        {
            return fromCode;
        }

        return null;
    }

    private static Geometry? ReadGeometry(JsonElement feature, string id)
    {
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return geometry.Deserialize<Geometry>(GeoJsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidStacItemException(id, $"its geometry is not valid GeoJSON ({ex.Message})", ex);
        }
    }

    private static int? OrbitFrom(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var match = OrbitInName().Match(text);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static string IdForMessage(JsonElement feature)
    {
        try
        {
            if (feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("id", out var id))
            {
                string raw = id.GetRawText();
                return raw.Length <= 120 ? raw : string.Concat(raw.AsSpan(0, 120), "...");
            }
        }
        catch (InvalidOperationException)
        {
            // a member name before "id" is unreadable too
        }

        return "(no id)";
    }

    internal static string? GetString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static double? GetDouble(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) ? d : null;

    internal static int? GetInt(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        return v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : null;
    }

    private static JsonSerializerOptions CreateGeoJsonOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return options;
    }

    // [0-9], not \d: \d also matches other scripts' digits, which int.Parse refuses.
    [GeneratedRegex(@"_R([0-9]{3})_")]
    private static partial Regex OrbitInName();

    [GeneratedRegex(@"(?:_T|^S2[A-D]_)([0-9]{2}[C-X][A-Z]{2})_")]
    private static partial Regex TileInId();
}

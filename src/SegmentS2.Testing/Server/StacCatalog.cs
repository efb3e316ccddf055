using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace SegmentS2.Testing.Server;

/// <summary>The items of one catalogue flavour and the STAC item search over them (filters, sorting, paging).</summary>
internal sealed class StacCatalog(bool earthSearchPaging)
{
    private static readonly JsonSerializerOptions GeoJson = CreateGeoJsonOptions();
    private readonly Lock _gate = new();
    private readonly List<Entry> _items = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(JsonObject item)
    {
        var props = item["properties"]!.AsObject();
        var footprint = JsonSerializer.Deserialize<Geometry>(item["geometry"]!.ToJsonString(), GeoJson)!;
        var time = DateTimeOffset.Parse(props["datetime"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        double? cloud = props["eo:cloud_cover"]?.GetValue<double>();
        lock (_gate)
        {
            _items.Add(new Entry(item, footprint, time, cloud, item["collection"]?.GetValue<string>() ?? ""));
        }
    }

    /// <summary>Runs a search; returns a FeatureCollection JSON, or throws <see cref="SearchException"/> for a bad request.</summary>
    public JsonObject Search(JsonObject body, int defaultPageSize, int maxPageSize, Func<JsonObject, string, JsonObject> nextLink)
    {
        var collections = body["collections"] is JsonArray c ? c.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : null;
        Geometry? area = null;
        if (body["intersects"] is JsonObject intersects)
        {
            try
            {
                area = JsonSerializer.Deserialize<Geometry>(intersects.ToJsonString(), GeoJson);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
            {
                throw new SearchException($"intersects is not GeoJSON: {ex.Message}");
            }
        }
        else if (body["bbox"] is JsonArray bbox && bbox.Count == 4)
        {
            area = new GeometryFactory().ToGeometry(new Envelope(bbox[0]!.GetValue<double>(), bbox[2]!.GetValue<double>(), bbox[1]!.GetValue<double>(), bbox[3]!.GetValue<double>()));
        }

        var (start, end) = ParseInterval(body["datetime"]?.GetValue<string>());
        var cloud = body["query"]?["eo:cloud_cover"] as JsonObject;
        int limit = body["limit"] is JsonValue l ? l.GetValue<int>() : defaultPageSize;
        if (limit < 1 || limit > maxPageSize)
        {
            throw new SearchException($"limit {limit} is not in 1..{maxPageSize}");
        }

        string? token = earthSearchPaging ? body["next"]?.GetValue<string>() : body["token"]?.GetValue<string>();
        int offset = 0;
        if (token is not null && !int.TryParse(token.Split(':')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw new SearchException($"unknown paging token '{token}'");
        }

        bool ascending = body["sortby"] is JsonArray sortby && sortby.Count > 0 && sortby[0]!["direction"]?.GetValue<string>() == "asc";
        List<Entry> matched;
        lock (_gate)
        {
            matched = _items
                .Where(e => collections is null || collections.Contains(e.Collection))
                .Where(e => area is null || e.Footprint.Intersects(area))
                .Where(e => (start is null || e.Time >= start) && (end is null || e.Time <= end))
                .Where(e => cloud is null || CloudMatches(e.Cloud, cloud))
                .ToList();
        }

        matched = (ascending ? matched.OrderBy(e => e.Time) : matched.OrderByDescending(e => e.Time))
            .ThenBy(e => e.Item["id"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        var page = matched.Skip(offset).Take(limit).ToList();
        var links = new JsonArray();
        if (offset + limit < matched.Count)
        {
            var nextBody = body.DeepClone().AsObject();
            string nextToken = earthSearchPaging ? (offset + limit).ToString(CultureInfo.InvariantCulture) : $"next:{offset + limit}";
            nextBody.Remove(earthSearchPaging ? "next" : "token");
            links.Add(nextLink(nextBody, nextToken));
        }

        var result = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(page.Select(e => (JsonNode)e.Item.DeepClone()).ToArray()),
            ["links"] = links,
        };
        if (earthSearchPaging)
        {
            result["context"] = new JsonObject { ["limit"] = limit, ["matched"] = matched.Count, ["returned"] = page.Count };
            result["numberMatched"] = matched.Count;
            result["numberReturned"] = page.Count;
        }

        return result;
    }

    /// <summary>A GET search's query string as a search body (collections, bbox, datetime, limit, token, intersects).</summary>
    public static JsonObject BodyFromQuery(IEnumerable<KeyValuePair<string, string>> query)
    {
        var body = new JsonObject();
        foreach (var (key, value) in query)
        {
            switch (key)
            {
                case "collections":
                    body["collections"] = new JsonArray(value.Split(',').Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
                    break;
                case "bbox":
                    body["bbox"] = new JsonArray(value.Split(',').Select(v => (JsonNode)JsonValue.Create(double.Parse(v, CultureInfo.InvariantCulture))!).ToArray());
                    break;
                case "limit":
                    body["limit"] = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "datetime":
                case "token":
                    body[key] = value;
                    break;
                case "search":
                    foreach (var (k, v) in JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(value)))!.AsObject())
                    {
                        body[k] = v?.DeepClone();
                    }

                    break;
            }
        }

        return body;
    }

    private static bool CloudMatches(double? cloud, JsonObject query)
    {
        if (cloud is not double v)
        {
            return false;
        }

        foreach (var (op, node) in query)
        {
            double limit = node!.GetValue<double>();
            bool ok = op switch { "lt" => v < limit, "lte" => v <= limit, "gt" => v > limit, "gte" => v >= limit, "eq" => v == limit, _ => throw new SearchException($"unknown query operator '{op}'") };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static (DateTimeOffset? Start, DateTimeOffset? End) ParseInterval(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        var parts = text.Split('/');
        if (parts.Length is < 1 or > 2)
        {
            throw new SearchException($"datetime '{text}' is no interval");
        }

        DateTimeOffset? Parse(string p)
        {
            if (p is ".." or "")
            {
                return null;
            }

            return DateTimeOffset.TryParse(p, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw new SearchException($"datetime '{p}' is not RFC 3339");
        }

        var start = Parse(parts[0]);
        var end = parts.Length == 2 ? Parse(parts[1]) : start;
        if (start is not null && end is not null && end < start)
        {
            throw new SearchException($"datetime interval '{text}' ends before it starts");
        }

        return (start, end);
    }

    private static JsonSerializerOptions CreateGeoJsonOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return options;
    }

    private sealed record Entry(JsonObject Item, Geometry Footprint, DateTimeOffset Time, double? Cloud, string Collection);
}

/// <summary>A search request the catalogue refuses (answered 400).</summary>
internal sealed class SearchException(string message) : Exception(message);

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace SegmentS2.Sentinel2.Stac;

/// <summary>Builds STAC item-search request bodies.</summary>
internal static class StacSearchBody
{
    private static readonly JsonSerializerOptions GeoJsonOptions = CreateGeoJsonOptions();

    /// <summary>
    /// The body of a search for one collection: <c>collections</c>, <c>intersects</c> (the ROI as GeoJSON),
    /// <c>datetime</c> ("start/end", RFC 3339 UTC), <c>limit</c>, <c>query</c> on <c>eo:cloud_cover</c> (lt)
    /// when a maximum is set, and <c>sortby</c> ascending on <paramref name="sortField"/> when given.
    /// </summary>
    public static JsonObject Create(string collection, S2SearchRequest request, string? sortField)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject
        {
            ["collections"] = new JsonArray(collection),
            ["intersects"] = ToGeoJson(request.Roi),
            ["datetime"] = $"{FormatTime(request.Start)}/{FormatTime(request.End)}",
            ["limit"] = request.PageSize,
        };
        if (request.MaxCloudCover is double max)
        {
            body["query"] = new JsonObject { ["eo:cloud_cover"] = new JsonObject { ["lt"] = max } };
        }

        if (sortField is not null)
        {
            body["sortby"] = new JsonArray(new JsonObject { ["field"] = sortField, ["direction"] = "asc" });
        }

        return body;
    }

    /// <summary>An instant as RFC 3339 in UTC, with fractional seconds only when there are any.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A geometry as a GeoJSON node.</summary>
    public static JsonNode ToGeoJson(Geometry geometry) =>
        JsonSerializer.SerializeToNode(geometry, GeoJsonOptions) ?? throw new ArgumentException("The geometry did not serialise.", nameof(geometry));

    private static JsonSerializerOptions CreateGeoJsonOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return options;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 search --roi &lt;geojson-file|wkt&gt; --start &lt;date&gt; --end &lt;date&gt; [--source pc|earth-search]
/// [--api-url URL] [--max-cloud N] [--json]</c>: lists the Sentinel-2 L2A scenes (acquisitions) over a region.
/// </summary>
public static class SearchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var roi = new Option<string>("--roi") { Description = "Region of interest: a GeoJSON file (geometry, Feature or FeatureCollection) or WKT, in EPSG:4326.", Required = true };
        var start = new Option<string>("--start") { Description = "Start of the time range: a date (2023-06-01) or an RFC 3339 instant.", Required = true };
        var end = new Option<string>("--end") { Description = "End of the time range (inclusive; a date means the whole day).", Required = true };
        var source = new Option<string>("--source") { Description = "Catalogue: pc (Planetary Computer) or earth-search.", DefaultValueFactory = _ => "pc" };
        source.AcceptOnlyFromAmong("pc", "earth-search");
        var apiUrl = new Option<string?>("--api-url") { Description = "API root of a mirror or local server (default: the public service)." };
        var maxCloud = new Option<double?>("--max-cloud") { Description = "Only scenes with cloud cover below N percent." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array (id, datetime, mgrsTiles, cloudCover, processingBaseline)." };

        var command = new Command("search", "List Sentinel-2 L2A scenes over a region and time range.")
        {
            roi, start, end, source, apiUrl, maxCloud, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(
            parseResult,
            (output, ct) => RunAsync(
                parseResult.GetRequiredValue(roi), parseResult.GetRequiredValue(start), parseResult.GetRequiredValue(end),
                parseResult.GetValue(source) ?? "pc", parseResult.GetValue(apiUrl), parseResult.GetValue(maxCloud), parseResult.GetValue(json), output, ct),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string roiText, string startText, string endText, string sourceName, string? apiUrl, double? maxCloud,
        bool json, TextWriter output, CancellationToken ct)
    {
        var request = new S2SearchRequest(RoiArgument.Load(roiText), ParseTime(startText, "--start", endOfDay: false), ParseTime(endText, "--end", endOfDay: true))
        {
            MaxCloudCover = maxCloud,
        };
        Uri? api = apiUrl is null ? null : Uri.TryCreate(apiUrl, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--api-url '{apiUrl}' is not an absolute URL.");
        using var http = S2HttpResilience.CreateClient();
        IReadOnlyList<S2Scene> scenes;
        if (sourceName == "earth-search")
        {
            var source = new EarthSearchSource(http, new EarthSearchOptions { ApiUrl = api ?? EarthSearchOptions.DefaultApiUrl });
            scenes = await source.SearchAsync(request, ct).ConfigureAwait(false);
        }
        else
        {
            using var source = new PlanetaryComputerSource(http, new PlanetaryComputerOptions
            {
                ApiUrl = api ?? PlanetaryComputerOptions.DefaultApiUrl,
                SubscriptionKey = Environment.GetEnvironmentVariable(SourceArguments.PlanetaryComputerKey) is { Length: > 0 } key ? key : null,
            });
            scenes = await source.SearchAsync(request, ct).ConfigureAwait(false);
        }

        await output.WriteLineAsync(json ? ToJson(scenes) : ToTable(scenes)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Parses a date (the day's start, or its last instant for an end) or an RFC 3339 instant (UTC unless an offset is given).</summary>
    internal static DateTimeOffset ParseTime(string text, string option, bool endOfDay)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? S2TimeRange.InclusiveEnd(day) : day;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        throw new InvalidSearchRequestException($"{option} '{text}' is neither a date (2023-06-01) nor an RFC 3339 instant (2023-06-01T10:00:00Z).");
    }

    /// <summary>The scenes as the JSON array the issue specifies.</summary>
    public static string ToJson(IReadOnlyList<S2Scene> scenes)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var scene in scenes)
            {
                w.WriteStartObject();
                w.WriteString("id", scene.Id);
                w.WriteString("datetime", scene.DateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                w.WriteStartArray("mgrsTiles");
                foreach (var tile in scene.MgrsTiles)
                {
                    w.WriteStringValue(tile);
                }

                w.WriteEndArray();
                if (scene.CloudCover is double cloud)
                {
                    w.WriteNumber("cloudCover", cloud);
                }
                else
                {
                    w.WriteNull("cloudCover");
                }

                w.WriteString("processingBaseline", scene.ProcessingBaseline);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToTable(IReadOnlyList<S2Scene> scenes)
    {
        var lines = new List<string> { $"{"id",-62} {"datetime (UTC)",-20} {"cloud %",8} {"baseline",8}  tiles" };
        foreach (var s in scenes)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{s.Id,-62} {s.DateTime.UtcDateTime,-20:yyyy-MM-dd HH:mm:ss} {(s.CloudCover is double c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "-"),8} {s.ProcessingBaseline ?? "-",8}  {string.Join(",", s.MgrsTiles)}"));
        }

        lines.Add($"{scenes.Count} scene(s).");
        return string.Join(Environment.NewLine, lines);
    }
}

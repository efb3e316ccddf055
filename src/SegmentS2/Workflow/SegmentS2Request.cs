using NetTopologySuite.Geometries;

namespace SegmentS2.Workflow;

/// <summary>One run: "this field, this month, these clicks".</summary>
public sealed record SegmentS2Request
{
    /// <summary>Region of interest, a polygon in EPSG:4326 (longitude, latitude).</summary>
    public required Geometry Roi { get; init; }

    /// <summary>Start of the time range.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>
    /// End of the time range, inclusive. An end at exactly midnight means the whole of that day (see
    /// <see cref="Sentinel2.S2TimeRange"/>): <c>End = 2020-02-19</c> finds that day's 11:34 scene, as <c>--end 2020-02-19</c> does.
    /// </summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>The point and box prompts.</summary>
    public required PromptInput Prompts { get; init; }

    /// <summary>EPSG code of the prompt coordinates; null uses the GeoJSON's own <c>crs</c> member, else EPSG:4326.</summary>
    public int? PromptsEpsg { get; init; }

    /// <summary>Folder the outputs go to (created if missing); null uses <see cref="SegmentS2Options.OutputDirectory"/>.</summary>
    public string? OutputDirectory { get; init; }
}

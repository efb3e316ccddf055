using NetTopologySuite.Geometries;

namespace SegmentS2.Automatic;

/// <summary>One automatic segmentation: a region and a time range, no prompts. See <see cref="SegmentS2WorkflowAutomaticExtensions.RunAutomaticAsync"/>.</summary>
public sealed record AutomaticSegmentationRequest
{
    /// <summary>Region of interest, a polygon in EPSG:4326 (longitude, latitude).</summary>
    public required Geometry Roi { get; init; }

    /// <summary>Start of the time range.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>End of the time range, inclusive; an end at exactly midnight means the whole of that day.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>The point grid, filters and selection; the reference's defaults when not set.</summary>
    public AutomaticSegmentationParameters Parameters { get; init; } = new();

    /// <summary>Folder the outputs go to (created if missing); null uses the workflow options' output folder.</summary>
    public string? OutputDirectory { get; init; }
}

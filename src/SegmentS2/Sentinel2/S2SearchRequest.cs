using NetTopologySuite.Geometries;

namespace SegmentS2.Sentinel2;

/// <summary>What to search for: a region (EPSG:4326 polygon) and a time range.</summary>
/// <param name="Roi">Region of interest, a valid non-empty polygon or multipolygon in EPSG:4326 (longitude, latitude).</param>
/// <param name="Start">Start of the time range (inclusive).</param>
/// <param name="End">End of the time range (inclusive); not before <paramref name="Start"/>.</param>
public sealed record S2SearchRequest(Geometry Roi, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Only scenes with <c>eo:cloud_cover</c> below this percentage (0..100); null for any.</summary>
    public double? MaxCloudCover { get; init; }

    /// <summary>Page size asked of the STAC API.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Stop after this many items; null for all.</summary>
    public int? MaxItems { get; init; }
}

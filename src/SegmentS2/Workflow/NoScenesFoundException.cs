using NetTopologySuite.Geometries;

namespace SegmentS2.Workflow;

/// <summary>No Sentinel-2 scene matched the region and time range.</summary>
public sealed class NoScenesFoundException : SegmentS2Exception
{
    /// <summary>Creates the exception naming the region's bounds, the range and the source.</summary>
    public NoScenesFoundException(Envelope roi, DateTimeOffset start, DateTimeOffset end, string source)
        : base($"No Sentinel-2 scene from {source} covers the region [{roi.MinX:0.#####}, {roi.MinY:0.#####}, {roi.MaxX:0.#####}, {roi.MaxY:0.#####}] between {start:yyyy-MM-dd} and {end:yyyy-MM-dd}.")
    {
    }
}

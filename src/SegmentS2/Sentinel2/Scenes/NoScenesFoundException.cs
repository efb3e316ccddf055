using System.Globalization;
using NetTopologySuite.Geometries;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Sentinel2.Scenes;

/// <summary>No Sentinel-2 scene matched a region and time range (after the cloud filters, if any).</summary>
public sealed class NoScenesFoundException : SegmentS2DataException
{
    /// <summary>Creates the exception naming the region, the range and the source.</summary>
    public NoScenesFoundException(string source, Geometry roi, DateTimeOffset start, DateTimeOffset end, string? reason = null)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"No Sentinel-2 scenes found in {source} for the region {S2RequestValidator.DescribeBounds(roi)} (lon/lat bounds) between {start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} and {end.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}{(reason is null ? "" : " " + reason)}. Widen the time range or the cloud limit, or check the region."))
    {
        SourceName = source;
        Start = start;
        End = end;
    }

    /// <summary>The source searched.</summary>
    public string SourceName { get; }

    /// <summary>Start of the searched range.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>End of the searched range.</summary>
    public DateTimeOffset End { get; }
}

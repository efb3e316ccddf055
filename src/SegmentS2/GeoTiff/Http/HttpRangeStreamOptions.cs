namespace SegmentS2.GeoTiff.Http;

/// <summary>Tuning of <see cref="HttpRangeStream"/>. The defaults suit cloud-optimised GeoTIFFs on blob storage.</summary>
public sealed record HttpRangeStreamOptions
{
    /// <summary>
    /// Smallest request for bytes that were not prefetched: a read of a few bytes fetches this many
    /// from its offset (less at the end of the file or before bytes already cached), so parsing a
    /// TIFF header and its IFDs costs one request. Default 16 KiB, as GDAL reads first.
    /// </summary>
    public int ReadAheadBytes { get; init; } = 16 * 1024;

    /// <summary>Most bytes kept in the cache; least recently used ranges are dropped first. Default 64 MiB.</summary>
    public long CacheCapacityBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Prefetched ranges this close (in bytes) are fetched in one request, the bytes between them
    /// included: fewer round trips for a few wasted bytes. Default 16 KiB.
    /// </summary>
    public int CoalesceGapBytes { get; init; } = 16 * 1024;

    /// <summary>Largest single request; longer runs are split. Default 16 MiB.</summary>
    public int MaxRequestBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Requests a prefetch runs at once. Default 4.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;
}

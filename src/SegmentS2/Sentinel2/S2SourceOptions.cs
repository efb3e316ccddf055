using SegmentS2.GeoTiff.Http;
using SegmentS2.Sentinel2.Stac;

namespace SegmentS2.Sentinel2;

/// <summary>Settings every Sentinel-2 source shares: catalogue paging limits and how scenes are read.</summary>
public abstract class S2SourceOptions
{
    /// <summary>Limits on STAC search paging and response sizes.</summary>
    public StacClientOptions Stac { get; set; } = new();

    /// <summary>
    /// Bytes of decoded COG tiles an opened scene keeps, shared by all of its files, so that
    /// overlapping windows (chips) fetch and decode each tile once. Default 256 MiB.
    /// </summary>
    public long TileCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Range requests of remote COGs: header read-ahead (16 KiB), coalescing, and a small byte cache
    /// (8 MiB per file) since decoded tiles are cached above it (<see cref="TileCacheBytes"/>).
    /// </summary>
    public HttpRangeStreamOptions RangeRequests { get; set; } = new() { CacheCapacityBytes = 8L * 1024 * 1024 };

    /// <summary>Files of a scene opened (headers read) at the same time. Default 8.</summary>
    public int MaxConcurrentFileOpens { get; set; } = 8;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="S2OptionsException">A setting is out of range.</exception>
    public virtual void Validate()
    {
        if (TileCacheBytes < 0)
        {
            throw new S2OptionsException($"TileCacheBytes {TileCacheBytes} is negative.");
        }

        if (MaxConcurrentFileOpens < 1)
        {
            throw new S2OptionsException($"MaxConcurrentFileOpens {MaxConcurrentFileOpens} is not positive.");
        }

        (Stac ?? throw new S2OptionsException("Stac options are missing.")).Validate();
        if (RangeRequests is null)
        {
            throw new S2OptionsException("RangeRequests options are missing.");
        }
    }
}

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
    /// <exception cref="InvalidOptionException">A setting is out of range (the first one).</exception>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>Every setting out of range, in declaration order, the source's own after the shared ones.</summary>
    internal virtual IEnumerable<InvalidOptionException> Problems()
    {
        if (TileCacheBytes < 0)
        {
            yield return new InvalidOptionException(nameof(TileCacheBytes), TileCacheBytes, "zero or more bytes");
        }

        if (MaxConcurrentFileOpens < 1)
        {
            yield return new InvalidOptionException(nameof(MaxConcurrentFileOpens), MaxConcurrentFileOpens, "at least 1");
        }

        if (Stac is null)
        {
            yield return new InvalidOptionException(nameof(Stac), null, "set (STAC paging and response limits)");
        }
        else
        {
            foreach (var problem in Stac.Problems())
            {
                yield return problem;
            }
        }

        if (RangeRequests is null)
        {
            yield return new InvalidOptionException(nameof(RangeRequests), null, "set (HTTP range request settings)");
        }
    }
}

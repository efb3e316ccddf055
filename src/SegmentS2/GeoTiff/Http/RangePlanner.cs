namespace SegmentS2.GeoTiff.Http;

/// <summary>
/// Range planning of an <see cref="HttpRangeStream"/>: which byte ranges to request for a read (extended by the
/// read-ahead) or a prefetch (coalesced, split, trimmed to the cache budget). Pure arithmetic; sends nothing.
/// </summary>
internal sealed class RangePlanner(HttpRangeStreamOptions options)
{
    /// <summary>A missing range grown to <see cref="HttpRangeStreamOptions.ReadAheadBytes"/>, stopping at the file's end and at the next cached byte.</summary>
    public ByteRange ExtendForReadAhead(ByteRange missing, long length, RangeCache cache)
    {
        long end = Math.Max(missing.End, missing.Offset + options.ReadAheadBytes);
        end = Math.Min(end, Math.Min(length, Math.Max(missing.End, cache.NextCoveredOffset(missing.End))));
        return new ByteRange(missing.Offset, end - missing.Offset);
    }

    /// <summary>The requests of a read: each missing range extended for read-ahead, then split.</summary>
    public List<ByteRange> ForRead(IEnumerable<ByteRange> missing, long length, RangeCache cache) =>
        Split(missing.Select(m => ExtendForReadAhead(m, length, cache)));

    /// <summary>
    /// The requests of a prefetch of <paramref name="wanted"/> (bytes not cached): coalesced, split, and cut to half the
    /// cache (bytes evicted before they are read would be fetched twice). <paramref name="dropped"/> counts those left to reads.
    /// </summary>
    public List<ByteRange> ForPrefetch(IEnumerable<ByteRange> wanted, out int dropped)
    {
        var requests = Split(Coalesce(wanted, options.CoalesceGapBytes));
        long budget = options.CacheCapacityBytes / 2, planned = 0;
        int fit = 0;
        while (fit < requests.Count && planned + requests[fit].Length <= budget)
        {
            planned += requests[fit++].Length;
        }

        dropped = requests.Count - fit;
        requests.RemoveRange(fit, dropped);
        return requests;
    }

    /// <summary>Sorts, merges overlapping ranges and joins those at most <paramref name="gap"/> bytes apart.</summary>
    public static List<ByteRange> Coalesce(IEnumerable<ByteRange> ranges, long gap)
    {
        var merged = new List<ByteRange>();
        foreach (var r in ranges.Where(r => !r.IsEmpty).OrderBy(r => r.Offset))
        {
            if (merged.Count > 0 && r.Offset - merged[^1].End <= gap)
            {
                var last = merged[^1];
                merged[^1] = new ByteRange(last.Offset, Math.Max(last.End, r.End) - last.Offset);
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }

    /// <summary>Ranges cut into requests of at most <see cref="HttpRangeStreamOptions.MaxRequestBytes"/>.</summary>
    public List<ByteRange> Split(IEnumerable<ByteRange> ranges)
    {
        var result = new List<ByteRange>();
        foreach (var r in ranges)
        {
            for (long start = r.Offset; start < r.End; start += options.MaxRequestBytes)
            {
                result.Add(new ByteRange(start, Math.Min(options.MaxRequestBytes, r.End - start)));
            }
        }

        return result;
    }
}

namespace SegmentS2.GeoTiff.Http;

/// <summary>
/// Bytes of a remote file fetched so far, as non-overlapping segments of any length, dropped least
/// recently used first when over capacity, plus the ranges being fetched right now, so that
/// concurrent readers wait for a fetch in progress instead of repeating it. All members lock; callers
/// hold nothing.
/// </summary>
internal sealed class RangeCache(long capacityBytes)
{
    private readonly object _lock = new();
    private readonly SortedList<long, Segment> _segments = [];
    private readonly List<(ByteRange Range, Task Fetch)> _inFlight = [];
    private long _bytes;
    private long _clock;

    public long CachedBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>
    /// Copies the cached bytes of <paramref name="range"/> into <paramref name="destination"/> (which
    /// holds the whole range) and returns the parts that are not cached, and the fetches in progress
    /// that overlap them.
    /// </summary>
    public (List<ByteRange> Missing, List<Task> Pending) CopyCached(ByteRange range, Span<byte> destination)
    {
        lock (_lock)
        {
            var missing = new List<ByteRange>();
            long position = range.Offset;
            for (int i = FirstOverlapping(range.Offset); i < _segments.Count && position < range.End; i++)
            {
                var segment = _segments.Values[i];
                if (segment.Offset >= range.End)
                {
                    break;
                }

                if (segment.Offset > position)
                {
                    missing.Add(new ByteRange(position, segment.Offset - position));
                    position = segment.Offset;
                }

                long end = Math.Min(segment.End, range.End);
                if (end > position)
                {
                    segment.Data.AsSpan((int)(position - segment.Offset), (int)(end - position))
                        .CopyTo(destination[(int)(position - range.Offset)..]);
                    segment.LastUse = ++_clock;
                    position = end;
                }
            }

            if (position < range.End)
            {
                missing.Add(new ByteRange(position, range.End - position));
            }

            var pending = new List<Task>();
            foreach (var (inFlight, fetch) in _inFlight)
            {
                if (missing.Any(m => m.Offset < inFlight.End && inFlight.Offset < m.End))
                {
                    pending.Add(fetch);
                }
            }

            return (missing, pending);
        }
    }

    /// <summary>The parts of <paramref name="range"/> neither cached nor being fetched.</summary>
    public List<ByteRange> Uncovered(ByteRange range)
    {
        lock (_lock)
        {
            var covered = new List<ByteRange>();
            for (int i = FirstOverlapping(range.Offset); i < _segments.Count && _segments.Values[i].Offset < range.End; i++)
            {
                covered.Add(new ByteRange(_segments.Values[i].Offset, _segments.Values[i].Data.Length));
            }

            covered.AddRange(_inFlight.Select(f => f.Range).Where(r => r.Offset < range.End && range.Offset < r.End));
            covered.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            var result = new List<ByteRange>();
            long position = range.Offset;
            foreach (var c in covered)
            {
                if (c.Offset > position)
                {
                    result.Add(new ByteRange(position, Math.Min(c.Offset, range.End) - position));
                }

                position = Math.Max(position, c.End);
                if (position >= range.End)
                {
                    break;
                }
            }

            if (position < range.End)
            {
                result.Add(new ByteRange(position, range.End - position));
            }

            return result;
        }
    }

    /// <summary>
    /// Registers fetches of <paramref name="ranges"/> unless any of them overlaps one already in
    /// progress; returns false (registering nothing) in that case.
    /// </summary>
    public bool TryBeginFetch(IReadOnlyList<ByteRange> ranges, Task fetch)
    {
        lock (_lock)
        {
            foreach (var r in ranges)
            {
                if (_inFlight.Any(f => r.Offset < f.Range.End && f.Range.Offset < r.End))
                {
                    return false;
                }
            }

            foreach (var r in ranges)
            {
                _inFlight.Add((r, fetch));
            }

            return true;
        }
    }

    /// <summary>Removes the fetches registered with <paramref name="fetch"/>.</summary>
    public void EndFetch(Task fetch)
    {
        lock (_lock)
        {
            _inFlight.RemoveAll(f => f.Fetch == fetch);
        }
    }

    /// <summary>Where the next cached or in-flight byte at or after <paramref name="offset"/> is (long.MaxValue if none).</summary>
    public long NextCoveredOffset(long offset)
    {
        lock (_lock)
        {
            long next = long.MaxValue;
            int i = FirstOverlapping(offset);
            if (i < _segments.Count)
            {
                next = Math.Max(offset, _segments.Values[i].Offset);
            }

            foreach (var (range, _) in _inFlight)
            {
                if (range.End > offset)
                {
                    next = Math.Min(next, Math.Max(offset, range.Offset));
                }
            }

            return next;
        }
    }

    /// <summary>Stores fetched bytes, keeping only the parts not cached yet; then trims the cache to capacity.</summary>
    public void Add(long offset, byte[] data)
    {
        lock (_lock)
        {
            var range = new ByteRange(offset, data.Length);
            var gaps = new List<ByteRange>();
            long position = offset;
            for (int i = FirstOverlapping(offset); i < _segments.Count && _segments.Values[i].Offset < range.End; i++)
            {
                var s = _segments.Values[i];
                if (s.Offset > position)
                {
                    gaps.Add(new ByteRange(position, s.Offset - position));
                }

                position = Math.Max(position, s.End);
            }

            if (position < range.End)
            {
                gaps.Add(new ByteRange(position, range.End - position));
            }

            foreach (var gap in gaps)
            {
                var bytes = gap.Length == data.Length ? data : data.AsSpan((int)(gap.Offset - offset), (int)gap.Length).ToArray();
                _segments.Add(gap.Offset, new Segment(gap.Offset, bytes) { LastUse = ++_clock });
                _bytes += bytes.Length;
            }

            while (_bytes > capacityBytes && _segments.Count > 0)
            {
                int oldest = 0;
                for (int i = 1; i < _segments.Count; i++)
                {
                    if (_segments.Values[i].LastUse < _segments.Values[oldest].LastUse)
                    {
                        oldest = i;
                    }
                }

                _bytes -= _segments.Values[oldest].Data.Length;
                _segments.RemoveAt(oldest);
            }
        }
    }

    /// <summary>Index of the first segment that ends after <paramref name="offset"/>.</summary>
    private int FirstOverlapping(long offset)
    {
        var keys = _segments.Keys;
        int lo = 0, hi = keys.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // lo is the first segment starting after offset; the one before it may still cover offset.
        return lo > 0 && _segments.Values[lo - 1].End > offset ? lo - 1 : lo;
    }

    private sealed class Segment(long offset, byte[] data)
    {
        public long Offset { get; } = offset;

        public byte[] Data { get; } = data;

        public long End => Offset + Data.Length;

        public long LastUse { get; set; }
    }
}

namespace SegmentS2.GeoTiff;

/// <summary>
/// A stream that is cheaper to read when told in advance which bytes will be read, such as
/// <see cref="Http.HttpRangeStream"/>, which fetches the announced ranges in a few coalesced HTTP
/// requests. A GeoTIFF reader announces the tiles a window needs before reading them.
/// </summary>
public interface IRangePrefetchable
{
    /// <summary>
    /// Fetches the given ranges (in any order, possibly overlapping) so that reading them afterwards
    /// needs no further I/O, as far as the stream's cache allows. Ranges beyond the end are clipped.
    /// </summary>
    ValueTask PrefetchAsync(IReadOnlyList<ByteRange> ranges, CancellationToken cancellationToken = default);
}

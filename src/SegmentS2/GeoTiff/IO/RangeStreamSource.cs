using SegmentS2.GeoTiff.Http;

namespace SegmentS2.GeoTiff.IO;

/// <summary>
/// An <see cref="HttpRangeStream"/> read with its thread-safe positional reads (no lock, so tiles are
/// fetched in parallel), passing the reader's announced ranges on to its coalescing prefetch.
/// </summary>
internal sealed class RangeStreamSource(HttpRangeStream stream, bool leaveOpen) : IRandomAccessSource, IRangePrefetchable
{
    /// <inheritdoc />
    public long Length { get; } = stream.Length;

    /// <inheritdoc />
    public async ValueTask ReadExactlyAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        SourceBounds.Check(offset, buffer.Length, Length);
        int n = await stream.ReadAtAsync(offset, buffer, cancellationToken).ConfigureAwait(false);
        if (n < buffer.Length)
        {
            throw SourceBounds.Truncated(offset, buffer.Length, Length);
        }
    }

    /// <inheritdoc />
    public ValueTask PrefetchAsync(IReadOnlyList<ByteRange> ranges, CancellationToken cancellationToken = default) =>
        stream.PrefetchAsync(ranges, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (!leaveOpen)
        {
            stream.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

namespace SegmentS2.GeoTiff.IO;

/// <summary>
/// A seekable stream; reads are serialised because Seek + Read on one stream is not thread-safe.
/// Announced ranges are passed on when the stream is <see cref="IRangePrefetchable"/>.
/// </summary>
internal sealed class StreamRandomAccessSource : IRandomAccessSource, IRangePrefetchable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Wraps <paramref name="stream"/>, which must be readable and seekable.</summary>
    public StreamRandomAccessSource(Stream stream, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Length = stream.Length;
    }

    /// <inheritdoc />
    public long Length { get; }

    /// <inheritdoc />
    public async ValueTask ReadExactlyAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        SourceBounds.Check(offset, buffer.Length, Length);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stream.Position = offset;
            int done = 0;
            while (done < buffer.Length)
            {
                int n = await _stream.ReadAsync(buffer[done..], cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw SourceBounds.Truncated(offset, buffer.Length, Length);
                }

                done += n;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask PrefetchAsync(IReadOnlyList<ByteRange> ranges, CancellationToken cancellationToken = default) =>
        _stream is IRangePrefetchable prefetchable ? prefetchable.PrefetchAsync(ranges, cancellationToken) : ValueTask.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }

        _gate.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}

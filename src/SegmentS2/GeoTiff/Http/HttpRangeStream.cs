using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SegmentS2.GeoTiff.Http;

/// <summary>
/// A read-only, seekable <see cref="Stream"/> over a remote file, read with HTTP range requests on
/// a caller-supplied <see cref="HttpClient"/>. Fetched bytes are cached (least recently used dropped
/// first); a read of bytes not cached fetches at least <see cref="HttpRangeStreamOptions.ReadAheadBytes"/>;
/// <see cref="PrefetchAsync"/> fetches announced ranges exactly, coalescing near ones into few
/// requests, so that a GeoTIFF window read costs the header plus the compressed bytes of its tiles.
/// Responses are checked (206 with the Content-Range asked for, full length, same ETag). Nothing is retried here:
/// give the client SegmentS2's resilience (<c>AddSegmentS2Resilience</c>, <c>S2HttpResilience.CreateClient</c>), whose
/// pipeline retries transient failures and bodies cut short, so a range costs at most its attempts. The stream is
/// three parts: range planning (<see cref="RangePlanner"/>), fetching (<see cref="RangeFetcher"/>) and this
/// <see cref="Stream"/> adapter with its cache. Errors are <see cref="HttpRangeException"/>s that never show the URL's
/// query string. <see cref="ReadAtAsync"/> and <see cref="PrefetchAsync"/> are thread-safe; the
/// position-based <see cref="Stream"/> members are not (like <see cref="FileStream"/>).
/// </summary>
public sealed class HttpRangeStream : Stream, IRangePrefetchable
{
    private readonly HttpRangeStreamOptions _options;
    private readonly ILogger _logger;
    private readonly RangeCache _cache;
    private readonly RangePlanner _planner;
    private readonly RangeFetcher _fetcher;
    private long _length = -1;
    private long _position;
    private bool _disposed;

    private HttpRangeStream(HttpClient http, Uri url, HttpRangeStreamOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _cache = new RangeCache(options.CacheCapacityBytes);
        _planner = new RangePlanner(options);
        _fetcher = new RangeFetcher(http, url, logger);
    }

    /// <summary>
    /// Opens a remote file: the first request fetches its first <see cref="HttpRangeStreamOptions.ReadAheadBytes"/>
    /// (a GeoTIFF's header and, for a COG, its IFDs) and learns its length from Content-Range
    /// (or a HEAD request when the server does not say). Requests are logged at Debug level and servers
    /// that ignore ranges at Warning, always without the URL's query string.
    /// </summary>
    /// <exception cref="HttpRangeException">The server refused, failed, or does not serve ranges properly.</exception>
    public static async Task<HttpRangeStream> OpenAsync(
        HttpClient http, Uri url, HttpRangeStreamOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{UrlRedaction.WithoutQuery(url)}' is not an absolute http or https URL.", nameof(url));
        }

        options ??= new HttpRangeStreamOptions();
        Validate(options);
        var stream = new HttpRangeStream(http, url, options, logger ?? NullLogger.Instance);
        var first = await stream._fetcher.FetchAsync(new ByteRange(0, options.ReadAheadBytes), opening: true, cancellationToken).ConfigureAwait(false);
        if (stream._fetcher.Length < 0)
        {
            stream._fetcher.Length = await stream._fetcher.HeadLengthAsync(cancellationToken).ConfigureAwait(false);
        }

        stream._length = stream._fetcher.Length;

        stream._cache.Add(0, first);
        return stream;
    }

    /// <summary>The URL without query string (safe to log).</summary>
    public string RedactedUrl => _fetcher.RedactedUrl;

    /// <summary>HTTP requests handed to the client so far; retries inside the client's resilience pipeline are not counted.</summary>
    public long RequestCount => _fetcher.RequestCount;

    /// <summary>Response body bytes received so far.</summary>
    public long BytesReceived => _fetcher.BytesReceived;

    /// <inheritdoc />
    public override bool CanRead => !_disposed;

    /// <inheritdoc />
    public override bool CanSeek => !_disposed;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>
    /// Reads up to <paramref name="buffer"/>'s length from <paramref name="offset"/>, fewer only at
    /// the end of the file; returns the bytes read. Thread-safe; does not move <see cref="Position"/>.
    /// </summary>
    public async ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= _length || buffer.IsEmpty)
        {
            return 0;
        }

        int count = (int)Math.Min(buffer.Length, _length - offset);
        var range = new ByteRange(offset, count);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (missing, pending) = _cache.CopyCached(range, buffer.Span[..count]);
            if (missing.Count == 0)
            {
                return count;
            }

            if (pending.Count > 0)
            {
                await WaitQuietlyAsync(pending, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var fetches = _planner.ForRead(missing, _length, _cache);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_cache.TryBeginFetch(fetches, done.Task))
            {
                continue;
            }

            try
            {
                await Task.WhenAll(fetches.Select(async fetch =>
                {
                    var data = await _fetcher.FetchAsync(fetch, opening: false, cancellationToken).ConfigureAwait(false);
                    CopyOverlap(fetch.Offset, data, range, buffer.Span[..count]);
                    _cache.Add(fetch.Offset, data);
                })).ConfigureAwait(false);
                return count;
            }
            finally
            {
                _cache.EndFetch(done.Task);
                done.SetResult();
            }
        }
    }

    /// <summary>
    /// Fetches the given ranges, minus what is cached or being fetched, in as few requests as
    /// <see cref="HttpRangeStreamOptions.CoalesceGapBytes"/> allows, at most
    /// <see cref="HttpRangeStreamOptions.MaxConcurrentRequests"/> at a time, and up to half the cache
    /// (in file order; later ranges are left to the reads). Thread-safe.
    /// </summary>
    public async ValueTask PrefetchAsync(IReadOnlyList<ByteRange> ranges, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(ranges);
        var wanted = new List<ByteRange>();
        foreach (var r in ranges)
        {
            long start = Math.Max(0, r.Offset), end = Math.Min(_length, r.End);
            if (end > start)
            {
                wanted.AddRange(_cache.Uncovered(new ByteRange(start, end - start)));
            }
        }

        var requests = _planner.ForPrefetch(wanted, out int dropped);
        if (dropped > 0)
        {
            // The rest is read on demand, range by range, which costs requests but no extra bytes.
            _logger.LogDebug("Prefetching {Fit} of {Count} ranges of {Url}; the rest exceeds half the {Capacity}-byte cache.",
                requests.Count, requests.Count + dropped, RedactedUrl, _options.CacheCapacityBytes);
        }

        if (requests.Count == 0)
        {
            return;
        }

        using var gate = new SemaphoreSlim(_options.MaxConcurrentRequests);
        await Task.WhenAll(requests.Select(async request =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_cache.TryBeginFetch([request], done.Task))
            {
                return; // someone else is fetching (part of) it; a later read waits for them
            }

            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    _cache.Add(request.Offset, await _fetcher.FetchAsync(request, opening: false, cancellationToken).ConfigureAwait(false));
                }
                finally
                {
                    gate.Release();
                }
            }
            finally
            {
                _cache.EndFetch(done.Task);
                done.SetResult();
            }
        })).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await ReadAtAsync(_position, buffer, cancellationToken).ConfigureAwait(false);
        _position += n;
        return n;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Synchronous read; blocks on the network. Prefer <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Synchronous read; blocks on the network. Prefer <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int n = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException($"Cannot seek to {target}, before the start of {RedactedUrl}.");
        }

        return _position = target;
    }

    /// <inheritdoc />
    public override void Flush() { }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("An HTTP range stream is read-only.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An HTTP range stream is read-only.");

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    private static void Validate(HttpRangeStreamOptions o)
    {
        if (o.ReadAheadBytes < 1 || o.CacheCapacityBytes < 0 || o.CoalesceGapBytes < 0 || o.MaxRequestBytes < 1 || o.MaxConcurrentRequests < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o), o, "HTTP range stream options must be positive (the cache and the gap may be 0).");
        }
    }

    private static void CopyOverlap(long dataOffset, byte[] data, ByteRange target, Span<byte> destination)
    {
        long start = Math.Max(dataOffset, target.Offset), end = Math.Min(dataOffset + data.Length, target.End);
        if (end > start)
        {
            data.AsSpan((int)(start - dataOffset), (int)(end - start)).CopyTo(destination[(int)(start - target.Offset)..]);
        }
    }

    private static async Task WaitQuietlyAsync(List<Task> pending, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Another reader's fetch failed; this reader fetches for itself and reports its own error.
        }
    }

}

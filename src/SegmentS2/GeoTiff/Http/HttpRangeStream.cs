using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SegmentS2.GeoTiff.Http;

/// <summary>
/// A read-only, seekable <see cref="Stream"/> over a remote file, read with HTTP range requests on
/// a caller-supplied <see cref="HttpClient"/>. Fetched bytes are cached (least recently used dropped
/// first); a read of bytes not cached fetches at least <see cref="HttpRangeStreamOptions.ReadAheadBytes"/>;
/// <see cref="PrefetchAsync"/> fetches announced ranges exactly, coalescing near ones into few
/// requests, so that a GeoTIFF window read costs the header plus the compressed bytes of its tiles.
/// Responses are checked (206 with the Content-Range asked for, full length, same ETag); a body that
/// ends early is retried. Errors are <see cref="HttpRangeException"/>s that never show the URL's
/// query string. <see cref="ReadAtAsync"/> and <see cref="PrefetchAsync"/> are thread-safe; the
/// position-based <see cref="Stream"/> members are not (like <see cref="FileStream"/>).
/// </summary>
public sealed class HttpRangeStream : Stream, IRangePrefetchable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly HttpRangeStreamOptions _options;
    private readonly ILogger _logger;
    private readonly RangeCache _cache;
    private EntityTagHeaderValue? _etag;
    private bool _rangesIgnored;
    private long _length = -1;
    private long _position;
    private long _requestCount;
    private long _bytesReceived;
    private bool _disposed;

    private HttpRangeStream(HttpClient http, Uri url, HttpRangeStreamOptions options, ILogger logger)
    {
        _http = http;
        _url = url;
        _options = options;
        _logger = logger;
        _cache = new RangeCache(options.CacheCapacityBytes);
        RedactedUrl = UrlRedaction.WithoutQuery(url);
    }

    /// <summary>
    /// Opens a remote file: the first request fetches its first <see cref="HttpRangeStreamOptions.ReadAheadBytes"/>
    /// (a GeoTIFF's header and, for a COG, its IFDs) and learns its length from Content-Range
    /// (or a HEAD request when the server does not say). Requests are logged at Debug level, retries
    /// and servers that ignore ranges at Warning, always without the URL's query string.
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
        var first = await stream.FetchAsync(new ByteRange(0, options.ReadAheadBytes), opening: true, cancellationToken).ConfigureAwait(false);
        if (stream._length < 0)
        {
            stream._length = await stream.HeadLengthAsync(cancellationToken).ConfigureAwait(false);
        }

        stream._cache.Add(0, first);
        return stream;
    }

    /// <summary>The URL without query string (safe to log).</summary>
    public string RedactedUrl { get; }

    /// <summary>HTTP requests sent so far, retries included.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Response body bytes received so far.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

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

            var fetches = Split(missing.Select(ExtendForReadAhead));
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_cache.TryBeginFetch(fetches, done.Task))
            {
                continue;
            }

            try
            {
                await Task.WhenAll(fetches.Select(async fetch =>
                {
                    var data = await FetchAsync(fetch, opening: false, cancellationToken).ConfigureAwait(false);
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

        var requests = Split(Coalesce(wanted, _options.CoalesceGapBytes));
        if (requests.Count == 0)
        {
            return;
        }

        // Prefetch no more than half the cache: bytes evicted before they are read would be fetched twice.
        // The rest is read on demand, range by range, which costs requests but no extra bytes.
        long budget = _options.CacheCapacityBytes / 2, planned = 0;
        int fit = 0;
        while (fit < requests.Count && planned + requests[fit].Length <= budget)
        {
            planned += requests[fit++].Length;
        }

        if (fit < requests.Count)
        {
            _logger.LogDebug("Prefetching {Fit} of {Count} ranges of {Url}; the rest exceeds half the {Capacity}-byte cache.",
                fit, requests.Count, RedactedUrl, _options.CacheCapacityBytes);
            requests.RemoveRange(fit, requests.Count - fit);
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
                    _cache.Add(request.Offset, await FetchAsync(request, opening: false, cancellationToken).ConfigureAwait(false));
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
        if (o.ReadAheadBytes < 1 || o.CacheCapacityBytes < 0 || o.CoalesceGapBytes < 0 || o.MaxRequestBytes < 1
            || o.MaxConcurrentRequests < 1 || o.MaxRetries < 0 || o.RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(o), o, "HTTP range stream options must be positive (retries, delays and gaps may be 0).");
        }
    }

    private ByteRange ExtendForReadAhead(ByteRange missing)
    {
        long end = Math.Max(missing.End, missing.Offset + _options.ReadAheadBytes);
        end = Math.Min(end, Math.Min(_length, Math.Max(missing.End, _cache.NextCoveredOffset(missing.End))));
        return new ByteRange(missing.Offset, end - missing.Offset);
    }

    /// <summary>Sorts, merges overlapping ranges and joins those at most <paramref name="gap"/> bytes apart.</summary>
    internal static List<ByteRange> Coalesce(IEnumerable<ByteRange> ranges, long gap)
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

    private List<ByteRange> Split(IEnumerable<ByteRange> ranges)
    {
        var result = new List<ByteRange>();
        foreach (var r in ranges)
        {
            for (long start = r.Offset; start < r.End; start += _options.MaxRequestBytes)
            {
                result.Add(new ByteRange(start, Math.Min(_options.MaxRequestBytes, r.End - start)));
            }
        }

        return result;
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

    /// <summary>Fetches one range, retrying bodies that end early and failed connections.</summary>
    private async Task<byte[]> FetchAsync(ByteRange range, bool opening, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await FetchOnceAsync(range, opening, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                if (attempt >= _options.MaxRetries)
                {
                    throw new HttpRangeException(
                        $"Reading bytes {range.Offset}-{range.End - 1} of {RedactedUrl} failed after {attempt + 1} attempts: {Describe(e)}",
                        RedactedUrl, null, e);
                }

                var delay = _options.RetryDelay * Math.Pow(2, attempt);
                _logger.LogWarning("Reading bytes {Start}-{End} of {Url} failed ({Reason}); retrying in {Delay} ms.",
                    range.Offset, range.End - 1, RedactedUrl, Describe(e), delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<byte[]> FetchOnceAsync(ByteRange range, bool opening, CancellationToken cancellationToken)
    {
        long last = range.End - 1;
        if (_rangesIgnored && range.Offset > 0)
        {
            throw RangesNotSupported(range);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        request.Headers.Range = new RangeHeaderValue(range.Offset, last);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        if (_etag is not null)
        {
            request.Headers.IfMatch.Add(_etag);
        }

        Interlocked.Increment(ref _requestCount);
        _logger.LogDebug("GET {Url} bytes={Start}-{End}", RedactedUrl, range.Offset, last);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        long count;
        bool untilEnd = false;
        switch (response.StatusCode)
        {
            case HttpStatusCode.PartialContent:
                count = CheckContentRange(response, range, opening);
                break;
            case HttpStatusCode.OK:
                // The server ignored Range and sends the whole file: usable only for bytes from 0, read then dropped.
                long? full = response.Content.Headers.ContentLength;
                if (range.Offset > 0)
                {
                    throw RangesNotSupported(range);
                }

                _rangesIgnored = true;
                if (opening)
                {
                    _length = full ?? -1;
                }

                count = full is { } f ? Math.Min(range.Length, f) : range.Length;
                untilEnd = full is null; // without a length, a shorter body is the end of the file, not a truncation
                _logger.LogWarning("{Url} ignores range requests; only its first {Count} bytes can be read.", RedactedUrl, count);
                break;
            case HttpStatusCode.RequestedRangeNotSatisfiable when opening && response.Content.Headers.ContentRange is { Unit: "bytes", HasRange: false, Length: 0 }:
                _length = 0; // an empty file
                return [];
            case HttpStatusCode.PreconditionFailed:
                throw new HttpRangeException($"{RedactedUrl} changed while being read (its ETag no longer matches).", RedactedUrl, response.StatusCode);
            default:
                throw new HttpRangeException(
                    $"GET {RedactedUrl} bytes={range.Offset}-{last} answered {(int)response.StatusCode} {response.ReasonPhrase}.",
                    RedactedUrl, response.StatusCode);
        }

        if (opening && response.Headers.ETag is { IsWeak: false } etag)
        {
            _etag = etag;
        }

        var data = new byte[count];
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            int read = await body.ReadAtLeastAsync(data, data.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytesReceived, read);
            if (read < data.Length && untilEnd)
            {
                Array.Resize(ref data, read);
            }
            else if (read < data.Length)
            {
                throw new TruncatedBodyException($"the body ended after {read} of {data.Length} bytes");
            }
        }

        return data;
    }

    /// <summary>Checks a 206's Content-Range against the request; returns the byte count to read.</summary>
    private long CheckContentRange(HttpResponseMessage response, ByteRange range, bool opening)
    {
        var cr = response.Content.Headers.ContentRange;
        if (cr is not { Unit: "bytes", HasRange: true, From: { } from, To: { } to })
        {
            throw new HttpRangeException(
                $"GET {RedactedUrl} bytes={range.Offset}-{range.End - 1} answered 206 without a byte Content-Range.", RedactedUrl, response.StatusCode);
        }

        // When opening, the length is unknown and the server clamps the end to the file; later the end must match exactly.
        bool endOk = opening ? to <= range.End - 1 && (cr.Length is not { } total || to == Math.Min(range.End, total) - 1) : to == range.End - 1;
        if (from != range.Offset || !endOk || to < from || (cr.Length is { } len && !opening && len != _length))
        {
            throw new HttpRangeException(
                $"GET {RedactedUrl} bytes={range.Offset}-{range.End - 1} answered Content-Range {cr}, which does not match the request"
                + (_length >= 0 ? $" or the length {_length}." : "."),
                RedactedUrl, response.StatusCode);
        }

        if (opening)
        {
            _length = cr.Length ?? -1;
        }

        long count = to - from + 1;
        if (response.Content.Headers.ContentLength is { } contentLength && contentLength != count)
        {
            throw new HttpRangeException(
                $"GET {RedactedUrl} bytes={range.Offset}-{range.End - 1} answered Content-Length {contentLength} for Content-Range {cr}.",
                RedactedUrl, response.StatusCode);
        }

        return count;
    }

    private async Task<long> HeadLengthAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, _url);
        Interlocked.Increment(ref _requestCount);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength is not { } length)
        {
            throw new HttpRangeException(
                $"The length of {RedactedUrl} is unknown: neither Content-Range nor HEAD ({(int)response.StatusCode}) gave it.",
                RedactedUrl, response.StatusCode);
        }

        return length;
    }

    private HttpRangeException RangesNotSupported(ByteRange range) => new(
        $"{RedactedUrl} does not support range requests (it answered 200 with the whole file), so bytes {range.Offset}-{range.End - 1} cannot be read.",
        RedactedUrl, HttpStatusCode.OK);

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        HttpRangeException => false,
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // HttpClient.Timeout, not the caller
        HttpRequestException { StatusCode: null } => true,
        IOException => true,
        _ => false,
    };

    // Transport messages are about sockets and timeouts; should one ever quote the URL, its query is cut out.
    private string Describe(Exception e)
    {
        string text = e switch
        {
            TruncatedBodyException t => t.Message,
            OperationCanceledException => "timed out",
            _ => e.GetType().Name + ": " + e.Message,
        };
        return _url.Query.Length > 1 ? text.Replace(_url.Query, "", StringComparison.Ordinal).Replace(_url.Query[1..], "", StringComparison.Ordinal) : text;
    }

    private sealed class TruncatedBodyException(string message) : IOException(message);
}

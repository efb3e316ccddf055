using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace SegmentS2.GeoTiff.Http;

/// <summary>
/// Fetching of an <see cref="HttpRangeStream"/>: one GET with a Range header per call, the response checked
/// (206 with the Content-Range asked for, the known length, the first response's strong ETag as If-Match) and read
/// whole. It does not retry: a client with a resilience pipeline (<c>AddSegmentS2Resilience</c>) retries transient
/// failures, bodies cut short included, so one range costs at most that pipeline's attempts.
/// </summary>
internal sealed class RangeFetcher
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly ILogger _logger;
    private EntityTagHeaderValue? _etag;
    private bool _rangesIgnored;
    private long _length = -1;
    private long _requestCount;
    private long _bytesReceived;

    public RangeFetcher(HttpClient http, Uri url, ILogger logger)
    {
        _http = http;
        _url = url;
        _logger = logger;
        RedactedUrl = UrlRedaction.WithoutQuery(url);
    }

    /// <summary>The URL without query string (safe to log).</summary>
    public string RedactedUrl { get; }

    /// <summary>The file's length once known (after the opening fetch, or <see cref="HeadLengthAsync"/>); -1 before.</summary>
    public long Length
    {
        get => _length;
        set => _length = value;
    }

    /// <summary>HTTP requests handed to the client so far (a resilient client's retries are not seen here).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Response body bytes received so far.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Fetches one range; transport failures and bodies cut short become <see cref="HttpRangeException"/>s.</summary>
    public async Task<byte[]> FetchAsync(ByteRange range, bool opening, CancellationToken cancellationToken)
    {
        try
        {
            return await FetchOnceAsync(range, opening, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            throw new HttpRangeException(
                $"Reading bytes {range.Offset}-{range.End - 1} of {RedactedUrl} failed: {Describe(e)}", RedactedUrl, null, e);
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

    public async Task<long> HeadLengthAsync(CancellationToken cancellationToken)
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

    private static bool IsTransport(Exception e, CancellationToken cancellationToken) => e switch
    {
        HttpRangeException => false,
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // HttpClient.Timeout or the pipeline's, not the caller
        HttpRequestException => true,
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

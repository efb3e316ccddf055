using System.Net;

namespace SegmentS2.Sentinel2.Http;

/// <summary>
/// Reads each response body completely inside the retry loop, so that a body cut short (a reset
/// connection, a wrong Content-Length, a stall caught by the attempt timeout) fails the attempt and
/// is retried instead of reaching the caller as partial data.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    private readonly long _maxBytes;

    /// <summary>Creates the handler with a limit on the bytes buffered per response.</summary>
    public ResponseBufferingHandler(long maxBytes) => _maxBytes = maxBytes;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content is null || request.Method == HttpMethod.Head || response.StatusCode == HttpStatusCode.NoContent)
        {
            return response;
        }

        try
        {
            if (response.Content.Headers.ContentLength is long length && length > _maxBytes)
            {
                throw new ResponseTooLargeException(UrlRedaction.WithoutQuery(request.RequestUri), length, _maxBytes);
            }

            await response.Content.LoadIntoBufferAsync(_maxBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

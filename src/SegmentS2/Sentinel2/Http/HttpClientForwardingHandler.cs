namespace SegmentS2.Sentinel2.Http;

/// <summary>
/// Only for sources built over a caller's ready <see cref="HttpClient"/> (no <c>IHttpClientFactory</c>): the innermost
/// handler of a client that adds behaviour (the subscription key, signing) on top of that existing, already
/// resilient <see cref="HttpClient"/>. Registered sources get those handlers on the factory's clients instead: each send is a fresh copy of the request sent through it, so
/// one request object may be sent again (re-signed) after a refusal.
/// </summary>
internal sealed class HttpClientForwardingHandler(HttpClient inner) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        inner.SendAsync(Copy(request), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
            Content = request.Content,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        return copy;
    }
}

namespace SegmentS2.Sentinel2.PlanetaryComputer;

/// <summary>
/// Sends the Planetary Computer subscription key as <c>Ocp-Apim-Subscription-Key</c> on every request of the API client
/// (STAC search, SAS tokens); added with <c>AddHttpMessageHandler</c>. Without a key, requests pass unchanged.
/// The key is never logged.
/// </summary>
internal sealed class SubscriptionKeyHandler(string? subscriptionKey) : DelegatingHandler
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "Ocp-Apim-Subscription-Key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(subscriptionKey))
        {
            // Inside the retry loop this runs once per attempt: set, never append.
            request.Headers.Remove(HeaderName);
            request.Headers.TryAddWithoutValidation(HeaderName, subscriptionKey);
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// For callers that hand over a ready <see cref="HttpClient"/> instead of registering with <c>IHttpClientFactory</c>:
    /// a client that adds the key and forwards to <paramref name="client"/>, or <paramref name="client"/> itself without a key.
    /// </summary>
    internal static HttpClient Around(HttpClient client, string? subscriptionKey) =>
        string.IsNullOrEmpty(subscriptionKey)
            ? client
            : new HttpClient(new SubscriptionKeyHandler(subscriptionKey) { InnerHandler = new Http.HttpClientForwardingHandler(client) }, disposeHandler: true)
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
}

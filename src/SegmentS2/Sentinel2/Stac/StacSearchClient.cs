using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;
using SegmentS2.Sentinel2.Http;

namespace SegmentS2.Sentinel2.Stac;

/// <summary>
/// A STAC API item-search client: POSTs a search body and follows every <c>next</c> link, either
/// POST (with the link's <c>body</c>, merged into the previous body when <c>merge</c> is true) or
/// GET (the link's <c>href</c> carries the token). Every response is checked: non-2xx, HTML,
/// malformed JSON, oversize bodies and runaway paging become <see cref="StacApiException"/>.
/// </summary>
internal sealed class StacSearchClient
{
    private static readonly MediaTypeWithQualityHeaderValue GeoJson = new("application/geo+json");
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly StacClientOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a client over an <see cref="HttpClient"/> (give it a resilient handler, see <see cref="S2HttpResilience"/>).</summary>
    public StacSearchClient(HttpClient httpClient, StacClientOptions? options = null, ILogger<StacSearchClient>? logger = null)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options ?? new StacClientOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Runs a search and yields every feature of every page, following <c>next</c> links until there
    /// are none or <paramref name="maxItems"/> features have been yielded.
    /// </summary>
    /// <param name="searchUrl">The search endpoint, for example <c>https://planetarycomputer.microsoft.com/api/stac/v1/search</c>.</param>
    /// <param name="body">The search body (collections, intersects, datetime, limit...).</param>
    /// <param name="maxItems">Stop after this many features; null for all.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="StacApiException">A response is unusable or paging does not end within the page limit.</exception>
    public async IAsyncEnumerable<JsonElement> SearchAsync(Uri searchUrl, JsonObject body, int? maxItems = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchUrl);
        ArgumentNullException.ThrowIfNull(body);
        var request = new PageRequest(HttpMethod.Post, searchUrl, body.DeepClone().AsObject());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int yielded = 0;
        for (int page = 1; ; page++)
        {
            if (page > _options.MaxPages)
            {
                throw new StacApiException(
                    $"The search at {UrlRedaction.WithoutQuery(searchUrl)} still had more results after {_options.MaxPages} pages; narrow the region or time range, or raise Stac.MaxPages.",
                    UrlRedaction.WithoutQuery(searchUrl));
            }

            if (!seen.Add(request.Identity))
            {
                throw new StacApiException(
                    $"The search at {UrlRedaction.WithoutQuery(request.Url)} returned the same 'next' link twice (page {page}); the server's paging is broken.",
                    UrlRedaction.WithoutQuery(request.Url));
            }

            var (features, next) = await ReadPageAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var feature in features)
            {
                yield return feature;
                if (maxItems is int max && ++yielded >= max)
                {
                    yield break;
                }
            }

            _logger.LogDebug("STAC page {Page} from {Url}: {Count} items", page, UrlRedaction.WithoutQuery(request.Url), features.Length);
            if (next is null)
            {
                yield break;
            }

            request = next;
        }
    }

    // The page's features and its next link, read before any is yielded so that unreadable text fails here, typed.
    private async Task<(JsonElement[] Features, PageRequest? Next)> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        using var document = await SendForJsonAsync(request.Method, request.Url, request.Body, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        try
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                throw new StacApiException(
                    $"{request.Method} {UrlRedaction.WithoutQuery(request.Url)} did not answer a STAC ItemCollection (no 'features' array); is the API URL right?",
                    UrlRedaction.WithoutQuery(request.Url));
            }

            return (features.EnumerateArray().Select(f => f.Clone()).ToArray(), NextRequest(root, request));
        }
        catch (InvalidOperationException ex)
        {
            // JsonDocument checks \u escapes inside strings and member names only when one is read.
            throw new StacApiException($"{request.Method} {UrlRedaction.WithoutQuery(request.Url)} answered JSON with text that is not valid Unicode ({ex.Message}).",
                UrlRedaction.WithoutQuery(request.Url), null, ex);
        }
    }

    /// <summary>GETs a JSON document (used for token endpoints), with the same checks as search pages.</summary>
    /// <exception cref="StacApiException">The response is unusable.</exception>
    public Task<JsonDocument> GetJsonAsync(Uri url, CancellationToken cancellationToken = default) =>
        SendForJsonAsync(HttpMethod.Get, url, null, cancellationToken);

    private async Task<JsonDocument> SendForJsonAsync(HttpMethod method, Uri url, JsonObject? body, CancellationToken cancellationToken)
    {
        string safeUrl = UrlRedaction.WithoutQuery(url);
        using var message = new HttpRequestMessage(method, url);
        message.Headers.Accept.Add(GeoJson);
        message.Headers.Accept.Add(Json);
        if (body is not null)
        {
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or TimeoutException or TimeoutRejectedException)
        {
            throw new StacApiException($"{method} {safeUrl} failed: {Describe(ex)}", safeUrl, null, ex);
        }

        using (response)
        {
            byte[] bytes = await ReadLimitedAsync(response, method, safeUrl, cancellationToken).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (!response.IsSuccessStatusCode)
            {
                throw new StacApiException(
                    $"{method} {safeUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Snippet(bytes, mediaType)}",
                    safeUrl, response.StatusCode);
            }

            if (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || LooksLikeMarkup(bytes))
            {
                throw new StacApiException(
                    $"{method} {safeUrl} answered HTML ({(mediaType.Length == 0 ? "no content type" : mediaType)}), not JSON; is the API URL right? It starts: {Snippet(bytes, mediaType)}",
                    safeUrl, response.StatusCode);
            }

            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                // JsonDocument would only notice when a string is read, deep inside item parsing.
                throw new StacApiException($"{method} {safeUrl} answered text that is not valid UTF-8; {bytes.Length} bytes received.", safeUrl, response.StatusCode);
            }

            try
            {
                return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException ex)
            {
                throw new StacApiException(
                    $"{method} {safeUrl} answered malformed JSON ({ex.Message}); {bytes.Length} bytes received.",
                    safeUrl, response.StatusCode, ex);
            }
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, HttpMethod method, string safeUrl, CancellationToken cancellationToken)
    {
        long max = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is long declared && declared > max)
        {
            throw new StacApiException($"{method} {safeUrl} answered {declared} bytes, more than the {max}-byte limit (Stac.MaxResponseBytes).", safeUrl, response.StatusCode);
        }

        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    throw new StacApiException($"{method} {safeUrl} answered more than the {max}-byte limit (Stac.MaxResponseBytes).", safeUrl, response.StatusCode);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new StacApiException($"{method} {safeUrl}: the response body broke off ({Describe(ex)}).", safeUrl, response.StatusCode, ex);
        }
    }

    private static PageRequest? NextRequest(JsonElement root, PageRequest current)
    {
        if (!root.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var link in links.EnumerateArray())
        {
            if (link.ValueKind != JsonValueKind.Object
                || !link.TryGetProperty("rel", out var rel) || rel.ValueKind != JsonValueKind.String || rel.GetString() != "next"
                || !link.TryGetProperty("href", out var hrefElement) || hrefElement.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var hrefText = hrefElement.GetString()!;
            if (!Uri.TryCreate(current.Url, hrefText, out var href) || href.Scheme is not ("http" or "https"))
            {
                throw new StacApiException($"The search at {UrlRedaction.WithoutQuery(current.Url)} gave a 'next' link that is no http(s) URL: {UrlRedaction.WithoutQuery(hrefText)}",
                    UrlRedaction.WithoutQuery(current.Url));
            }

            string method = link.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()!.ToUpperInvariant() : "GET";
            if (method == "GET")
            {
                return new PageRequest(HttpMethod.Get, href, null);
            }

            JsonObject body;
            if (link.TryGetProperty("body", out var linkBody) && linkBody.ValueKind == JsonValueKind.Object)
            {
                JsonObject linkObject;
                try
                {
                    linkObject = JsonNode.Parse(linkBody.GetRawText())!.AsObject();
                }
                catch (JsonException ex)
                {
                    // Deeper than JsonNode's 64 levels (the page itself may nest 256).
                    throw new StacApiException($"The search at {UrlRedaction.WithoutQuery(current.Url)} gave a 'next' link whose body cannot be sent back ({ex.Message}).",
                        UrlRedaction.WithoutQuery(current.Url), null, ex);
                }

                bool merge = link.TryGetProperty("merge", out var mergeElement) && mergeElement.ValueKind == JsonValueKind.True;
                if (merge && current.Body is not null)
                {
                    body = current.Body.DeepClone().AsObject();
                    foreach (var (key, value) in linkObject)
                    {
                        body[key] = value?.DeepClone();
                    }
                }
                else
                {
                    body = linkObject;
                }
            }
            else
            {
                body = current.Body?.DeepClone().AsObject() ?? [];
            }

            return new PageRequest(HttpMethod.Post, href, body);
        }

        return null;
    }

    private static bool LooksLikeMarkup(byte[] bytes)
    {
        foreach (byte b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }

            return b == (byte)'<';
        }

        return false;
    }

    private static string Snippet(byte[] bytes, string mediaType)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 600));
        if (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || LooksLikeMarkup(bytes))
        {
            text = System.Text.RegularExpressions.Regex.Replace(text, "<[^>]*>", " ");
        }

        text = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
        if (text.Length > 300)
        {
            text = text[..300] + "...";
        }

        return text.Length == 0 ? "(empty body)" : text;
    }

    private static string Describe(Exception ex) => ex is TimeoutRejectedException ? "timed out" : ex.Message;

    private sealed record PageRequest(HttpMethod Method, Uri Url, JsonObject? Body)
    {
        public string Identity { get; } = Method + " " + Url.AbsoluteUri + " " + Body?.ToJsonString();
    }
}

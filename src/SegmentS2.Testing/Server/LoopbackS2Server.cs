using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Testing.Server;

/// <summary>
/// A Planetary Computer and Earth Search look-alike on 127.0.0.1 (random port), for offline tests:
/// <list type="bullet">
/// <item><c>POST /api/stac/v1/search</c> (and <c>GET</c>): STAC search over Planetary Computer-shaped items, paged by <c>next</c> links with a token.</item>
/// <item><c>GET /api/sas/v1/token/{collection}</c>: SAS tokens with <c>msft:expiry</c>.</item>
/// <item><c>GET /blob/{account}/{path}</c>: files with HTTP Range support, refused (403) without a valid, unexpired token.</item>
/// <item><c>POST /earth-search/v1/search</c> and <c>GET /s3/{path}</c>: the Earth Search flavour, unsigned.</item>
/// </list>
/// It counts requests and bytes per path and injects the failures of its <see cref="Faults"/> plan.
/// </summary>
public sealed class LoopbackS2Server : IAsyncDisposable
{
    private const string PcSearchPath = "/api/stac/v1/search";
    private const string EsSearchPath = "/earth-search/v1/search";
    private const string TokenPrefix = "/api/sas/v1/token/";
    private const string BlobPrefix = "/blob/";
    private const string S3Prefix = "/s3/";

    private readonly WebApplication _app;
    private readonly LoopbackS2ServerOptions _options;
    private readonly StacCatalog _pc = new(earthSearchPaging: false);
    private readonly StacCatalog _es = new(earthSearchPaging: true);
    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly SasTokenIssuer _tokens = new();

    private LoopbackS2Server(WebApplication app, LoopbackS2ServerOptions options, Uri baseUrl)
    {
        _app = app;
        _options = options;
        BaseUrl = baseUrl;
    }

    /// <summary>The server root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The Planetary Computer API root (<see cref="PlanetaryComputerOptions.ApiUrl"/>).</summary>
    public Uri PlanetaryComputerApiUrl => new(BaseUrl, "api");

    /// <summary>The blob endpoint (<see cref="PlanetaryComputerOptions.BlobEndpointOverride"/>).</summary>
    public Uri BlobEndpoint => new(BaseUrl, "blob/");

    /// <summary>The Earth Search API root (<see cref="EarthSearchOptions.ApiUrl"/>).</summary>
    public Uri EarthSearchApiUrl => new(BaseUrl, "earth-search/v1");

    /// <summary>Requests and bytes served.</summary>
    public RequestCounters Counters { get; } = new();

    /// <summary>The failures to inject; add rules at any time.</summary>
    public FaultPlan Faults { get; } = new();

    /// <summary>SAS tokens issued so far.</summary>
    public int TokensIssued => _tokens.Issued;

    /// <summary>Items in the Planetary Computer catalogue.</summary>
    public int PlanetaryComputerItemCount => _pc.Count;

    /// <summary>Starts a server on a random loopback port.</summary>
    public static async Task<LoopbackS2Server> StartAsync(LoopbackS2ServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LoopbackS2ServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        LoopbackS2Server? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackS2Server(app, options, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>Options for a <see cref="PlanetaryComputerSource"/> that talks to this server.</summary>
    public PlanetaryComputerOptions CreatePlanetaryComputerOptions() => new()
    {
        ApiUrl = PlanetaryComputerApiUrl,
        BlobEndpointOverride = BlobEndpoint,
        SubscriptionKey = _options.RequiredSubscriptionKey,
    };

    /// <summary>Options for an <see cref="EarthSearchSource"/> that talks to this server.</summary>
    public EarthSearchOptions CreateEarthSearchOptions() => new() { ApiUrl = EarthSearchApiUrl };

    /// <summary>
    /// Serves a synthetic scene in both flavours: Planetary Computer items (hrefs on
    /// <c>https://{account}.blob.core.windows.net/</c>, which clients map to <see cref="BlobEndpoint"/>)
    /// and Earth Search items (hrefs under <c>{BaseUrl}s3/</c>).
    /// </summary>
    /// <param name="scene">The scene.</param>
    /// <param name="earthSearchBoaOffsetApplied">The Earth Search items' <c>earthsearch:boa_offset_applied</c>; null follows Earth Search.</param>
    public void AddScene(SyntheticScene scene, bool? earthSearchBoaOffsetApplied = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        foreach (var tile in scene.Tiles)
        {
            foreach (var (band, file) in tile.Bands)
            {
                _files[BlobPrefix + _options.BlobAccount + "/" + StacItemFactory.PlanetaryComputerBlobPath(scene, tile, band)] = file.Path;
                _files[S3Prefix + StacItemFactory.EarthSearchObjectPath(scene, tile, band)] = file.Path;
            }

            _pc.Add(StacItemFactory.PlanetaryComputerItem(scene, tile, path => $"https://{_options.BlobAccount}.blob.core.windows.net/{path}"));
            _es.Add(StacItemFactory.EarthSearchItem(scene, tile, path => new Uri(BaseUrl, "s3/" + path).AbsoluteUri, earthSearchBoaOffsetApplied));
        }
    }

    /// <summary>Adds an item to the Planetary Computer catalogue as it is.</summary>
    public void AddPlanetaryComputerItem(JsonObject item) => _pc.Add(item ?? throw new ArgumentNullException(nameof(item)));

    /// <summary>Adds an item to the Earth Search catalogue as it is.</summary>
    public void AddEarthSearchItem(JsonObject item) => _es.Add(item ?? throw new ArgumentNullException(nameof(item)));

    /// <summary>The blob path (<c>/blob/{account}/...</c>) a Planetary Computer href is served at.</summary>
    public string BlobPathOf(string href)
    {
        var uri = new Uri(href);
        return BlobPrefix + uri.Host.Split('.')[0] + uri.AbsolutePath;
    }

    /// <summary>Expires every token issued so far: blob reads with them get 403 until a new token is fetched.</summary>
    public void ExpireAllTokens() => _tokens.ExpireAll();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var route = path switch
        {
            PcSearchPath or EsSearchPath => ServerRoute.Search,
            _ when path.StartsWith(TokenPrefix, StringComparison.Ordinal) => ServerRoute.Token,
            _ when path.StartsWith(BlobPrefix, StringComparison.Ordinal) || path.StartsWith(S3Prefix, StringComparison.Ordinal) => ServerRoute.Blob,
            _ => (ServerRoute?)null,
        };
        if (route is not ServerRoute r)
        {
            await WriteAsync(context, ServerRoute.Any, path, Reply.Json(404, """{"code":"NotFound","description":"No such route."}""")).ConfigureAwait(false);
            return;
        }

        Counters.CountRequest(r, path);
        var fault = Faults.Next(r, path);
        if (fault?.Kind == FaultKind.ConnectionReset)
        {
            context.Abort();
            return;
        }

        if (fault?.Kind == FaultKind.Stall)
        {
            try
            {
                await Task.Delay(fault.StallFor, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        Reply reply;
        try
        {
            reply = fault?.Kind switch
            {
                FaultKind.ServiceUnavailable => Reply.Json(503, """{"code":"ServiceUnavailable","description":"Injected."}"""),
                FaultKind.InternalServerError => Reply.Json(500, """{"code":"InternalServerError","description":"Injected."}"""),
                FaultKind.NotFound => Reply.Json(404, """{"code":"NotFound","description":"Injected."}"""),
                FaultKind.TooManyRequests => Reply.Json(429, """{"code":"TooManyRequests","description":"Injected."}""").After(fault.RetryAfter),
                FaultKind.Html => new Reply(200, "text/html", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>")),
                FaultKind.ExpiredToken when r == ServerRoute.Blob => ExpireAndRefuse(context),
                _ => await AnswerAsync(context, r, path).ConfigureAwait(false),
            };
        }
        catch (SearchException ex)
        {
            reply = Reply.Json(400, new JsonObject { ["code"] = "BadRequest", ["description"] = ex.Message }.ToJsonString());
        }

        if (fault?.Kind == FaultKind.MalformedJson)
        {
            reply = new Reply(200, "application/geo+json", reply.Body.AsSpan(0, reply.Body.Length / 2).ToArray());
        }

        await WriteAsync(context, r, path, reply, fault?.Kind).ConfigureAwait(false);
    }

    private async Task<Reply> AnswerAsync(HttpContext context, ServerRoute route, string path)
    {
        var request = context.Request;
        if (route is ServerRoute.Search or ServerRoute.Token && path != EsSearchPath && _options.RequiredSubscriptionKey is { } key
            && request.Headers["Ocp-Apim-Subscription-Key"].ToString() != key)
        {
            return Reply.Json(401, """{"statusCode":401,"message":"Access denied due to missing or invalid subscription key."}""");
        }

        switch (route)
        {
            case ServerRoute.Search:
                return await SearchAsync(context, path == EsSearchPath).ConfigureAwait(false);
            case ServerRoute.Token:
                var collection = Uri.UnescapeDataString(path[TokenPrefix.Length..]);
                var (token, expiry) = _tokens.Issue(collection, _options.TokenLifetime);
                return Reply.Json(200, new JsonObject
                {
                    ["msft:expiry"] = expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["token"] = token,
                }.ToJsonString());
            default:
                return ServeFile(context, path);
        }
    }

    private async Task<Reply> SearchAsync(HttpContext context, bool earthSearch)
    {
        JsonObject body;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            try
            {
                body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false))?.AsObject()
                    ?? throw new SearchException("empty body");
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new SearchException($"body is not a JSON object: {ex.Message}");
            }
        }
        else
        {
            body = StacCatalog.BodyFromQuery(context.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())));
        }

        var searchUrl = new Uri(BaseUrl, (earthSearch ? EsSearchPath : PcSearchPath).TrimStart('/'));
        var catalog = earthSearch ? _es : _pc;
        var result = catalog.Search(body, _options.DefaultPageSize, _options.MaxPageSize, (nextBody, token) =>
        {
            if (earthSearch)
            {
                nextBody["next"] = token;
                return new JsonObject { ["rel"] = "next", ["title"] = "Next page of Items", ["method"] = "POST", ["type"] = "application/geo+json", ["href"] = searchUrl.AbsoluteUri, ["merge"] = false, ["body"] = nextBody };
            }

            if (_options.Paging == StacPagingStyle.GetHref)
            {
                var search = Convert.ToBase64String(Encoding.UTF8.GetBytes(nextBody.ToJsonString()));
                return new JsonObject { ["rel"] = "next", ["type"] = "application/geo+json", ["href"] = $"{searchUrl.AbsoluteUri}?search={Uri.EscapeDataString(search)}&token={Uri.EscapeDataString(token)}" };
            }

            nextBody["token"] = token;
            return new JsonObject { ["rel"] = "next", ["type"] = "application/geo+json", ["method"] = "POST", ["href"] = searchUrl.AbsoluteUri, ["body"] = nextBody };
        });
        result["links"]!.AsArray().Add(new JsonObject { ["rel"] = "self", ["type"] = "application/json", ["href"] = searchUrl.AbsoluteUri });
        return new Reply(200, "application/geo+json", Encoding.UTF8.GetBytes(result.ToJsonString()));
    }

    private Reply ServeFile(HttpContext context, string path)
    {
        if (path.StartsWith(BlobPrefix, StringComparison.Ordinal) && _tokens.Check(context.Request.Query["sig"].ToString()) is { } refusal)
        {
            return AuthenticationFailed(refusal);
        }

        if (!_files.TryGetValue(path, out var file) || !File.Exists(file))
        {
            return new Reply(404, "application/xml", Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>"));
        }

        long length = new FileInfo(file).Length;
        var range = context.Request.Headers.Range.ToString();
        if (string.IsNullOrEmpty(range))
        {
            return new Reply(200, "image/tiff", HttpMethods.IsHead(context.Request.Method) ? [] : File.ReadAllBytes(file)) { AcceptRanges = true, DeclaredLength = length };
        }

        if (!TryParseRange(range, length, out long start, out long end))
        {
            return new Reply(416, "application/xml", []) { ContentRange = $"bytes */{length}" };
        }

        var bytes = new byte[end - start + 1];
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            using var stream = File.OpenRead(file);
            stream.Position = start;
            stream.ReadExactly(bytes);
        }

        return new Reply(206, "image/tiff", HttpMethods.IsHead(context.Request.Method) ? [] : bytes)
        {
            AcceptRanges = true,
            ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}/{length}"),
            DeclaredLength = bytes.Length,
        };
    }

    private Reply ExpireAndRefuse(HttpContext context)
    {
        var sig = context.Request.Query["sig"].ToString();
        if (!string.IsNullOrEmpty(sig))
        {
            _tokens.Expire(sig);
        }

        return AuthenticationFailed("Signature not valid in the specified time frame.");
    }

    private static Reply AuthenticationFailed(string message) =>
        new(403, "application/xml", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>{message}</Message></Error>"));

    private static bool TryParseRange(string header, long length, out long start, out long end)
    {
        start = end = 0;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || length == 0)
        {
            return false;
        }

        var spec = header[6..].Split(',')[0].Trim();
        int dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out long suffix) || suffix == 0)
            {
                return false;
            }

            start = Math.Max(0, length - suffix);
            end = length - 1;
            return true;
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start >= length)
        {
            return false;
        }

        end = last.Length == 0 ? length - 1 : long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out long e) ? Math.Min(e, length - 1) : -1;
        return end >= start;
    }

    private async Task WriteAsync(HttpContext context, ServerRoute route, string path, Reply reply, FaultKind? fault = null)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        response.ContentType = reply.ContentType;
        if (reply.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (reply.AcceptRanges)
        {
            response.Headers.AcceptRanges = "bytes";
        }

        if (reply.ContentRange is { } contentRange)
        {
            response.Headers.ContentRange = contentRange;
        }

        var body = reply.Body;
        response.ContentLength = fault == FaultKind.WrongContentLength ? body.Length + 100 : reply.DeclaredLength ?? body.Length;
        int send = fault == FaultKind.TruncatedBody ? body.Length / 2 : body.Length;
        try
        {
            await response.Body.WriteAsync(body.AsMemory(0, send), context.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            Counters.CountBytes(route, path, send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            return;
        }

        if (fault is FaultKind.TruncatedBody or FaultKind.WrongContentLength)
        {
            context.Abort();
        }
    }

    private sealed record Reply(int Status, string ContentType, byte[] Body)
    {
        public TimeSpan? RetryAfter { get; init; }

        public bool AcceptRanges { get; init; }

        public string? ContentRange { get; init; }

        public long? DeclaredLength { get; init; }

        public static Reply Json(int status, string json) => new(status, "application/json", Encoding.UTF8.GetBytes(json));

        public Reply After(TimeSpan retryAfter) => this with { RetryAfter = retryAfter };
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Sentinel2.Stac;

namespace SegmentS2.Sentinel2.PlanetaryComputer;

/// <summary>
/// Sentinel-2 L2A from Microsoft Planetary Computer: STAC search of <c>sentinel-2-l2a</c>, assets
/// keyed B01..B12, B8A, SCL on Azure Blob Storage, signed with a per-collection SAS token.
/// Scenes are read window by window with HTTP range requests; nothing but headers and the tiles
/// a window needs is fetched.
/// </summary>
public sealed class PlanetaryComputerSource : IS2Source, IDisposable
{
    private readonly PlanetaryComputerOptions _options;
    private readonly StacSearchClient _stac;
    private readonly HttpClient _blobClient;
    private readonly ILogger _logger;

    /// <summary>Creates the source over one ready client (for hosts without <c>IHttpClientFactory</c>).</summary>
    /// <param name="httpClient">
    /// Client for search, tokens and blob reads; give it SegmentS2's resilience
    /// (<see cref="S2HttpResilience.CreateClient"/>). The subscription key and SAS signing are added by handlers
    /// forwarding to it; <c>AddPlanetaryComputerSource</c> registers them on the factory's clients instead.
    /// </param>
    /// <param name="options">API URL, key, blob host mapping, limits.</param>
    /// <param name="logger">Logger (never receives tokens or keys).</param>
    /// <param name="timeProvider">Clock for token expiry (tests pass a fake one).</param>
    public PlanetaryComputerSource(HttpClient httpClient, PlanetaryComputerOptions options, ILogger<PlanetaryComputerSource>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var api = SubscriptionKeyHandler.Around(httpClient, options.SubscriptionKey);
        _stac = new StacSearchClient(api, options.Stac);
        Tokens = new SasTokenProvider(_stac, options, _logger, timeProvider);
        Signer = new PlanetaryComputerSigner(Tokens, options);
        _blobClient = new HttpClient(new SasSigningHandler(Signer, options.Collection, _logger) { InnerHandler = new HttpClientForwardingHandler(httpClient) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Creates the source from <c>IHttpClientFactory</c> clients whose handlers already send the key
    /// (<see cref="SubscriptionKeyHandler"/>, on <paramref name="api"/>) and sign blob reads (<see cref="SasSigningHandler"/>,
    /// on <paramref name="blobClient"/>).
    /// </summary>
    internal PlanetaryComputerSource(StacSearchClient api, SasTokenProvider tokens, PlanetaryComputerSigner signer, HttpClient blobClient,
        PlanetaryComputerOptions options, ILogger? logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _stac = api;
        Tokens = tokens;
        Signer = signer;
        _blobClient = blobClient;
    }

    /// <inheritdoc />
    public string Name => "planetary-computer";

    /// <summary>The SAS token cache.</summary>
    internal SasTokenProvider Tokens { get; }

    /// <summary>Signs hrefs.</summary>
    internal PlanetaryComputerSigner Signer { get; }

    /// <inheritdoc />
    public Task<IReadOnlyList<S2Scene>> SearchAsync(S2SearchRequest request, CancellationToken cancellationToken = default) =>
        StacSceneSearch.SearchAsync(_stac, _options.SearchUrl, _options.Collection, _options.SortField, request, Name, _logger, cancellationToken);

    /// <inheritdoc />
    public Task<IS2SceneRaster> OpenAsync(S2Scene scene, S2ReadRequest request, CancellationToken cancellationToken = default) =>
        S2SceneOpener.OpenAsync(scene, request, new HttpAssetOpener(_blobClient, _options.RangeRequests, _logger), _options, _logger, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _blobClient.Dispose();
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.Stac;

namespace SegmentS2.Sentinel2.PlanetaryComputer;

/// <summary>
/// Fetches and caches Planetary Computer SAS tokens (<c>GET {api}/sas/v1/token/{collection}</c> ->
/// <c>{"msft:expiry", "token"}</c>), one per collection, renewed <see cref="PlanetaryComputerOptions.TokenRefreshMargin"/>
/// before expiry. Concurrent callers share one fetch. Thread-safe.
/// </summary>
internal sealed class SasTokenProvider
{
    private readonly StacSearchClient _client;
    private readonly PlanetaryComputerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SasToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private int _fetches;

    /// <summary>Creates a provider.</summary>
    /// <param name="httpClient">The client for the token endpoint (a resilient one: tokens endpoints answer 5xx at times).</param>
    /// <param name="options">The API URL, subscription key and refresh margin.</param>
    /// <param name="logger">Logs fetches (never tokens).</param>
    /// <param name="timeProvider">The clock (tests pass a fake one).</param>
    /// <remarks>The subscription key is added by a handler forwarding to <paramref name="httpClient"/>; clients from <c>AddPlanetaryComputerSource</c> carry that handler themselves.</remarks>
    public SasTokenProvider(HttpClient httpClient, PlanetaryComputerOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
        : this(new StacSearchClient(SubscriptionKeyHandler.Around(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), options?.SubscriptionKey),
            options?.Stac), options!, logger, timeProvider)
    {
    }

    /// <summary>Creates a provider over an API client that already sends the subscription key (<see cref="SubscriptionKeyHandler"/>).</summary>
    internal SasTokenProvider(StacSearchClient apiClient, PlanetaryComputerOptions options, ILogger? logger, TimeProvider? timeProvider)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _client = apiClient;
    }

    /// <summary>Tokens fetched from the endpoint so far.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>A token for the collection valid for at least the refresh margin: the cached one, or a fresh one.</summary>
    /// <exception cref="SasTokenException">The endpoint failed or answered no token.</exception>
    public async ValueTask<SasToken> GetAsync(string collection, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        if (_tokens.TryGetValue(collection, out var cached) && IsFresh(cached))
        {
            return cached;
        }

        var gate = _gates.GetOrAdd(collection, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tokens.TryGetValue(collection, out cached) && IsFresh(cached))
            {
                return cached;
            }

            var token = await FetchAsync(collection, cancellationToken).ConfigureAwait(false);
            _tokens[collection] = token;
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Drops a cached token that storage refused (it expired or was revoked early), so the next
    /// <see cref="GetAsync"/> fetches a new one. A newer token already cached is kept.
    /// </summary>
    public void Invalidate(SasToken stale)
    {
        ArgumentNullException.ThrowIfNull(stale);
        _tokens.TryRemove(new KeyValuePair<string, SasToken>(stale.Collection, stale));
    }

    // now + margin, not expiry - margin: a server may send an expiry near DateTimeOffset.MinValue.
    private bool IsFresh(SasToken token) => _time.GetUtcNow() + _options.TokenRefreshMargin < token.Expiry;

    private async Task<SasToken> FetchAsync(string collection, CancellationToken cancellationToken)
    {
        var url = _options.TokenUrl(collection);
        string safeUrl = UrlRedaction.WithoutQuery(url);
        JsonDocument document;
        try
        {
            document = await _client.GetJsonAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (StacApiException ex)
        {
            throw new SasTokenException($"No SAS token for collection '{collection}': {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            string? value, expiryText;
            try
            {
                value = StacItemParser.GetString(root, "token");
                expiryText = StacItemParser.GetString(root, "msft:expiry");
            }
            catch (InvalidOperationException ex)
            {
                // JsonDocument checks \u escapes inside strings and member names only when one is read.
                throw new SasTokenException($"{safeUrl} answered JSON with text that is not valid Unicode.", ex);
            }

            if (string.IsNullOrWhiteSpace(value) || expiryText is null)
            {
                throw new SasTokenException($"{safeUrl} answered JSON without 'token' and 'msft:expiry'.");
            }

            if (!DateTimeOffset.TryParse(expiryText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiry))
            {
                throw new SasTokenException($"{safeUrl} answered an msft:expiry that is no date: '{expiryText}'.");
            }

            Interlocked.Increment(ref _fetches);
            _logger.LogInformation("SAS token for {Collection} fetched from {Url}, expires {Expiry:O}", collection, safeUrl, expiry);
            if (expiry <= _time.GetUtcNow() + _options.TokenRefreshMargin)
            {
                _logger.LogWarning("SAS token for {Collection} expires at {Expiry:O}, within the refresh margin; it will be renewed on next use", collection, expiry);
            }

            return new SasToken(collection, value.TrimStart('?'), expiry);
        }
    }
}

namespace SegmentS2.Sentinel2.PlanetaryComputer;

/// <summary>Settings of the Microsoft Planetary Computer source.</summary>
public sealed class PlanetaryComputerOptions : S2SourceOptions
{
    /// <summary>The public API root.</summary>
    public static readonly Uri DefaultApiUrl = new("https://planetarycomputer.microsoft.com/api");

    /// <summary>
    /// API root: STAC search is <c>{ApiUrl}/stac/v1/search</c>, SAS tokens <c>{ApiUrl}/sas/v1/token/{collection}</c>.
    /// Point it at a mirror or a local test server.
    /// </summary>
    public Uri ApiUrl { get; set; } = DefaultApiUrl;

    /// <summary>STAC collection searched. Default <c>sentinel-2-l2a</c>.</summary>
    public string Collection { get; set; } = "sentinel-2-l2a";

    /// <summary>Optional subscription key, sent as <c>Ocp-Apim-Subscription-Key</c>. Never logged.</summary>
    public string? SubscriptionKey { get; set; }

    /// <summary>Hrefs on hosts ending with this suffix are signed with a SAS token. Default <c>.blob.core.windows.net</c>.</summary>
    public string BlobHostSuffix { get; set; } = ".blob.core.windows.net";

    /// <summary>
    /// When set, hrefs on blob hosts are fetched from here instead: <c>https://{account}.blob.core.windows.net/{path}</c>
    /// becomes <c>{BlobEndpointOverride}/{account}/{path}</c> (still signed). For mirrors and tests.
    /// </summary>
    public Uri? BlobEndpointOverride { get; set; }

    /// <summary>A cached SAS token is renewed this long before its <c>msft:expiry</c>; at least 60 s. Default 5 min.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Field the search is sorted on. Default <c>datetime</c>.</summary>
    public string SortField { get; set; } = "datetime";

    /// <inheritdoc />
    internal override IEnumerable<InvalidOptionException> Problems()
    {
        foreach (var problem in base.Problems())
        {
            yield return problem;
        }

        if (ApiUrl is null || !ApiUrl.IsAbsoluteUri || ApiUrl.Scheme is not ("http" or "https"))
        {
            yield return new InvalidOptionException(nameof(ApiUrl), ApiUrl, "an absolute http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(Collection))
        {
            yield return new InvalidOptionException(nameof(Collection), Collection, "a STAC collection id, not empty");
        }

        if (string.IsNullOrWhiteSpace(BlobHostSuffix))
        {
            yield return new InvalidOptionException(nameof(BlobHostSuffix), BlobHostSuffix, "a host suffix, not empty");
        }

        if (BlobEndpointOverride is not null && (!BlobEndpointOverride.IsAbsoluteUri || BlobEndpointOverride.Scheme is not ("http" or "https")))
        {
            yield return new InvalidOptionException(nameof(BlobEndpointOverride), BlobEndpointOverride, "null or an absolute http(s) URL");
        }

        if (TokenRefreshMargin < TimeSpan.FromSeconds(60))
        {
            yield return new InvalidOptionException(nameof(TokenRefreshMargin), TokenRefreshMargin, "at least 60 s");
        }
    }

    internal Uri SearchUrl => Combine(ApiUrl, "stac/v1/search");

    internal Uri TokenUrl(string collection) => Combine(ApiUrl, "sas/v1/token/" + Uri.EscapeDataString(collection));

    internal static Uri Combine(Uri root, string relative) =>
        new(root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/"), relative);
}

namespace SegmentS2.Sentinel2.EarthSearch;

/// <summary>Settings of the Element84 Earth Search v1 source.</summary>
public sealed class EarthSearchOptions : S2SourceOptions
{
    /// <summary>The public API root.</summary>
    public static readonly Uri DefaultApiUrl = new("https://earth-search.aws.element84.com/v1");

    /// <summary>API root; search is <c>{ApiUrl}/search</c>. Point it at a mirror or a local test server.</summary>
    public Uri ApiUrl { get; set; } = DefaultApiUrl;

    /// <summary>STAC collection searched. Default <c>sentinel-2-l2a</c>.</summary>
    public string Collection { get; set; } = "sentinel-2-l2a";

    /// <summary>Field the search is sorted on. Default <c>properties.datetime</c>.</summary>
    public string SortField { get; set; } = "properties.datetime";

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
    }

    internal Uri SearchUrl => new(ApiUrl.AbsoluteUri.EndsWith('/') ? ApiUrl : new Uri(ApiUrl.AbsoluteUri + "/"), "search");
}

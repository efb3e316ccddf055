namespace SegmentS2.Testing.Server;

/// <summary>Settings of a <see cref="LoopbackS2Server"/>.</summary>
public sealed class LoopbackS2ServerOptions
{
    /// <summary>Lifetime of issued SAS tokens (<c>msft:expiry</c> = now + this). Default 1 h.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When set, search and token requests without this <c>Ocp-Apim-Subscription-Key</c> get 401.</summary>
    public string? RequiredSubscriptionKey { get; set; }

    /// <summary>Page size when a search gives no <c>limit</c>. Default 10.</summary>
    public int DefaultPageSize { get; set; } = 10;

    /// <summary>Largest <c>limit</c> accepted; larger gets 400. Default 1000.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>How the Planetary Computer search links its next page. Default POST with a token in the body.</summary>
    public StacPagingStyle Paging { get; set; } = StacPagingStyle.PostBody;

    /// <summary>The storage account in Planetary Computer hrefs (<c>https://{account}.blob.core.windows.net/...</c>). Default <c>sentinel2l2a01</c>.</summary>
    public string BlobAccount { get; set; } = "sentinel2l2a01";
}

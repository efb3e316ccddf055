namespace SegmentS2.Sentinel2.PlanetaryComputer;

/// <summary>
/// Signs Planetary Computer asset hrefs: <c>href + "?" + token</c>, only for hosts ending with
/// <see cref="PlanetaryComputerOptions.BlobHostSuffix"/> (and hrefs under
/// <see cref="PlanetaryComputerOptions.BlobEndpointOverride"/>), after mapping blob hosts to the override when set.
/// </summary>
internal sealed class PlanetaryComputerSigner
{
    private readonly SasTokenProvider _tokens;
    private readonly PlanetaryComputerOptions _options;

    /// <summary>Creates a signer over a token provider.</summary>
    public PlanetaryComputerSigner(SasTokenProvider tokens, PlanetaryComputerOptions options)
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
    }

    /// <summary>The token provider.</summary>
    public SasTokenProvider Tokens => _tokens;

    /// <summary>True when an href is on a blob host (or under the override endpoint) and so needs a token.</summary>
    public bool NeedsSigning(Uri href)
    {
        ArgumentNullException.ThrowIfNull(href);
        if (!href.IsAbsoluteUri)
        {
            return false;
        }

        if (href.Host.EndsWith(_options.BlobHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return _options.BlobEndpointOverride is { } root
            && href.AbsoluteUri.StartsWith(WithSlash(root).AbsoluteUri, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The URL an href is fetched from: unchanged, or, with <see cref="PlanetaryComputerOptions.BlobEndpointOverride"/>,
    /// <c>https://{account}.blob.core.windows.net/{path}</c> mapped to <c>{override}/{account}/{path}</c>.
    /// </summary>
    public Uri Resolve(Uri href)
    {
        ArgumentNullException.ThrowIfNull(href);
        if (_options.BlobEndpointOverride is not { } root || !href.IsAbsoluteUri
            || !href.Host.EndsWith(_options.BlobHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return href;
        }

        string account = href.Host[..^_options.BlobHostSuffix.Length];
        return new Uri(WithSlash(root), account + href.PathAndQuery);
    }

    /// <summary>The signed URL of an href (resolved first); hrefs off blob hosts come back unsigned.</summary>
    /// <exception cref="SasTokenException">No token could be had.</exception>
    public async ValueTask<Uri> SignAsync(Uri href, string? collection = null, CancellationToken cancellationToken = default)
    {
        var resolved = Resolve(href);
        if (!NeedsSigning(resolved))
        {
            return resolved;
        }

        var token = await _tokens.GetAsync(collection ?? _options.Collection, cancellationToken).ConfigureAwait(false);
        return AppendToken(resolved, token.Value);
    }

    /// <summary><c>href + "?" + token</c> (or <c>"&amp;"</c> when the href already has a query).</summary>
    public static Uri AppendToken(Uri href, string token)
    {
        ArgumentNullException.ThrowIfNull(href);
        var text = href.AbsoluteUri;
        return new Uri(text + (string.IsNullOrEmpty(href.Query) ? "?" : "&") + token.TrimStart('?'));
    }

    private static Uri WithSlash(Uri root) => root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/");
}

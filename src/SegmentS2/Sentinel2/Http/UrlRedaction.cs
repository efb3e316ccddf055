namespace SegmentS2.Sentinel2.Http;

/// <summary>
/// Makes URLs safe to log or show: the query (SAS tokens, keys) and any user information are dropped.
/// Public face of the redaction <see cref="GeoTiff.Http.HttpRangeStream"/> uses, plus text and null handling.
/// </summary>
internal static class UrlRedaction
{
    /// <summary>The URL without user information, query string and fragment.</summary>
    public static string WithoutQuery(Uri? url) => url switch
    {
        null => "(no URL)",
        { IsAbsoluteUri: true } => GeoTiff.Http.UrlRedaction.WithoutQuery(url),
        _ => CutQuery(url.OriginalString),
    };

    /// <summary>The URL text without user information, query string and fragment (paths pass unchanged but for a query).</summary>
    public static string WithoutQuery(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "(no URL)";
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && !uri.IsFile ? WithoutQuery(uri) : CutQuery(url);
    }

    private static string CutQuery(string text)
    {
        int q = text.IndexOfAny(['?', '#']);
        return q < 0 ? text : text[..q];
    }
}

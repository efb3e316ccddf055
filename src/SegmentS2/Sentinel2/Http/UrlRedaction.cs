namespace SegmentS2.Sentinel2.Http;

/// <summary>Makes URLs safe to log or show: the query (SAS tokens, keys) is dropped.</summary>
public static class UrlRedaction
{
    /// <summary>The URL without query string and fragment.</summary>
    public static string WithoutQuery(Uri? url)
    {
        if (url is null)
        {
            return "(no URL)";
        }

        if (!url.IsAbsoluteUri)
        {
            var text = url.OriginalString;
            int q = text.IndexOfAny(['?', '#']);
            return q < 0 ? text : text[..q];
        }

        return url.GetLeftPart(UriPartial.Path);
    }

    /// <summary>The URL text without query string and fragment.</summary>
    public static string WithoutQuery(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "(no URL)";
        }

        int q = url.IndexOfAny(['?', '#']);
        return q < 0 ? url : url[..q];
    }
}

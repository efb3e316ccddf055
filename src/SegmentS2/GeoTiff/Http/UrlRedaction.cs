namespace SegmentS2.GeoTiff.Http;

/// <summary>Makes URLs safe to show: SAS tokens and signatures travel in the query string, credentials in the user information.</summary>
internal static class UrlRedaction
{
    /// <summary>Scheme, host, port and path only.</summary>
    public static string WithoutQuery(Uri url) =>
        url.IsAbsoluteUri ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative URL)";
}

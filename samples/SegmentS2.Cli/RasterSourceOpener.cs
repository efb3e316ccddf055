using SegmentS2.GeoTiff;
using SegmentS2.Sentinel2.Http;

namespace SegmentS2.Cli;

/// <summary>Opens a GeoTIFF named by a local path or an http(s) URL.</summary>
public static class RasterSourceOpener
{
    // One client for the process, as HttpClient is meant to be used; the reader does not dispose it. Its resilience
    // pipeline is the only place range reads are retried (408, 429, 5xx, dropped connections, bodies cut short).
    private static readonly HttpClient Http = S2HttpResilience.CreateClient();

    /// <summary>True when <paramref name="pathOrUrl"/> is an http or https URL.</summary>
    public static bool IsHttp(string pathOrUrl, out Uri uri) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Opens the GeoTIFF at a path or URL; a URL is read by HTTP range requests, only the bytes needed.</summary>
    public static async Task<GeoTiffReader> OpenAsync(string pathOrUrl, CancellationToken cancellationToken)
    {
        if (IsHttp(pathOrUrl, out Uri uri))
        {
            return await GeoTiffReader.OpenAsync(uri, Http, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return await GeoTiffReader.OpenAsync(pathOrUrl, cancellationToken).ConfigureAwait(false);
    }
}

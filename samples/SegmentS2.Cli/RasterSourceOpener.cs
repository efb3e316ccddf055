using SegmentS2.GeoTiff;

namespace SegmentS2.Cli;

/// <summary>Opens a GeoTIFF named by a local path or an http(s) URL.</summary>
public static class RasterSourceOpener
{
    /// <summary>True when <paramref name="pathOrUrl"/> is an http or https URL.</summary>
    public static bool IsHttp(string pathOrUrl, out Uri uri) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Opens the GeoTIFF at a path or URL.</summary>
    public static async Task<GeoTiffReader> OpenAsync(string pathOrUrl, CancellationToken cancellationToken)
    {
        if (IsHttp(pathOrUrl, out Uri uri))
        {
            Stream stream = await OpenHttpStreamAsync(uri, cancellationToken).ConfigureAwait(false);
            return await GeoTiffReader.OpenAsync(stream, leaveOpen: false, cancellationToken).ConfigureAwait(false);
        }

        return await GeoTiffReader.OpenAsync(pathOrUrl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The seam for remote files: a seekable stream over the URL. Until the range-request stream
    /// (<c>SegmentS2.GeoTiff.HttpRangeStream</c>) is available this downloads the file to a temporary
    /// file deleted on close; switching to range requests is a change of this one method.
    /// </summary>
    internal static async Task<Stream> OpenHttpStreamAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"segment-s2-{Guid.NewGuid():N}.tif"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

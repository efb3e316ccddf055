using Microsoft.Extensions.Logging;
using SegmentS2.GeoTiff.Http;
using UrlRedaction = SegmentS2.Sentinel2.Http.UrlRedaction;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>Opens remote band COGs with HTTP range requests (through a client that may sign them).</summary>
internal sealed class HttpAssetOpener(HttpClient client, HttpRangeStreamOptions? options, ILogger logger) : IS2AssetOpener
{
    public async Task<IS2BandFile> OpenAsync(S2Item item, S2Asset asset, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(asset.Href, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new S2ReadException($"Asset '{asset.Key}' of item '{item.Id}' has href {UrlRedaction.WithoutQuery(asset.Href)}, which is no http(s) URL.");
        }

        var stream = await HttpRangeStream.OpenAsync(client, url, options, logger, cancellationToken).ConfigureAwait(false);
        return await GeoTiffBandFile.OpenAsync(stream.RedactedUrl, stream, () => stream.BytesReceived, item.Epsg, logger, cancellationToken).ConfigureAwait(false);
    }
}

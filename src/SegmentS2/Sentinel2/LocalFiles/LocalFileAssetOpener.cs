using Microsoft.Extensions.Logging;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Sentinel2.LocalFiles;

/// <summary>Opens local band GeoTIFFs (read positionally; bytes counted).</summary>
internal sealed class LocalFileAssetOpener(ILogger logger) : IS2AssetOpener
{
    public async Task<IS2BandFile> OpenAsync(S2Item item, S2Asset asset, CancellationToken cancellationToken)
    {
        if (!LocalHrefResolver.IsLocal(asset.Href))
        {
            throw new S2ReadException(
                $"Asset '{asset.Key}' of item '{item.Id}' points to {UrlRedaction.WithoutQuery(asset.Href)}, which is not a local file, and no file named like it or like {asset.BandId ?? asset.Key}.tif lies beside the item; the local-files source reads local files only.");
        }

        if (!File.Exists(asset.Href))
        {
            throw new S2ReadException($"Asset '{asset.Key}' of item '{item.Id}': file '{asset.Href}' does not exist.");
        }

        var file = new FileStream(asset.Href, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.RandomAccess);
        var counting = new CountingStream(file);
        return await GeoTiffBandFile.OpenAsync(asset.Href, counting, () => counting.BytesRead, item.Epsg, logger, cancellationToken).ConfigureAwait(false);
    }
}

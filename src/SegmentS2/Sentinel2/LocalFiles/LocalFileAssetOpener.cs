using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Sentinel2.LocalFiles;

// Placeholder until the GeoTIFF reader lands on main (replaced at merge).
internal sealed class LocalFileAssetOpener : IS2AssetOpener
{
    public Task<IS2BandFile> OpenAsync(S2Item item, S2Asset asset, CancellationToken cancellationToken) =>
        throw new S2ReadException($"Reading {asset.Key} of {item.Id} needs the GeoTIFF reader.");
}

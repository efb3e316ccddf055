namespace SegmentS2.Sentinel2.Reading;

// Placeholder until the GeoTIFF reader and HttpRangeStream land on main (replaced at merge).
internal sealed class HttpAssetOpener(HttpClient client, object? options) : IS2AssetOpener
{
    public Task<IS2BandFile> OpenAsync(S2Item item, S2Asset asset, CancellationToken cancellationToken) =>
        throw new S2ReadException($"Reading {asset.Key} of {item.Id} needs the GeoTIFF reader ({client.GetType().Name}, {options}).");
}

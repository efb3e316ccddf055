namespace SegmentS2.Sentinel2.Reading;

/// <summary>Opens the file behind an item's asset: over HTTP (signed when needed) or from disk.</summary>
internal interface IS2AssetOpener
{
    /// <summary>Opens an asset, reading only its header.</summary>
    Task<IS2BandFile> OpenAsync(S2Item item, S2Asset asset, CancellationToken cancellationToken);
}

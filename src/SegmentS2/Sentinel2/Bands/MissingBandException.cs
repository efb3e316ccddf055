namespace SegmentS2.Sentinel2.Bands;

/// <summary>An item (one MGRS tile of a scene) has no asset for a requested band.</summary>
public sealed class MissingBandException : SegmentS2DataException
{
    /// <summary>Creates the exception for an item and a band.</summary>
    public MissingBandException(string itemId, string band, IEnumerable<string> availableAssetKeys)
        : base($"Item '{itemId}' has no asset for band {band}. Its assets: {string.Join(", ", availableAssetKeys)}.")
    {
        ItemId = itemId;
        Band = band;
    }

    /// <summary>The item's id.</summary>
    public string ItemId { get; }

    /// <summary>The band id that is missing.</summary>
    public string Band { get; }
}

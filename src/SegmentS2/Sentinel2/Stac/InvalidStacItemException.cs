namespace SegmentS2.Sentinel2.Stac;

/// <summary>A STAC item lacking something every Sentinel-2 item must have (an id, a datetime, assets).</summary>
public sealed class InvalidStacItemException : SegmentS2DataException
{
    /// <summary>Creates the exception naming the item and the problem.</summary>
    public InvalidStacItemException(string itemId, string problem, Exception? innerException = null)
        : base($"STAC item '{itemId}' cannot be used: {problem}.", innerException)
    {
        ItemId = itemId;
    }

    /// <summary>The item's id, or a placeholder when it has none.</summary>
    public string ItemId { get; }
}

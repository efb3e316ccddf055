namespace SegmentS2.Sentinel2;

/// <summary>One acquisition (date and orbit): the items of the MGRS tiles it spans over the region.</summary>
/// <param name="Id">Scene id: the item id when there is one item, else a stable id built from date, platform and orbit.</param>
/// <param name="DateTime">Acquisition time.</param>
/// <param name="Items">The items (tiles) of the acquisition.</param>
public sealed record S2Scene(string Id, DateTimeOffset DateTime, IReadOnlyList<S2Item> Items)
{
    /// <summary>MGRS tiles of the items.</summary>
    public IReadOnlyList<string> MgrsTiles => Items.Select(i => i.MgrsTile).OfType<string>().Distinct().ToArray();

    /// <summary>Mean of the items' cloud cover, when known.</summary>
    public double? CloudCover => Items.All(i => i.CloudCover is null) ? null : Items.Where(i => i.CloudCover is not null).Average(i => i.CloudCover!.Value);

    /// <summary>Highest processing baseline among the items.</summary>
    public string? ProcessingBaseline => Items.Select(i => i.ProcessingBaseline).OfType<string>().Order(StringComparer.Ordinal).LastOrDefault();
}

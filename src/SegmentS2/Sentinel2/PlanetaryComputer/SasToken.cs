namespace SegmentS2.Sentinel2.PlanetaryComputer;

/// <summary>A Planetary Computer SAS token for one collection. <see cref="ToString"/> never shows the token.</summary>
/// <param name="Collection">The collection it signs.</param>
/// <param name="Value">The token: a query string (<c>st=...&amp;se=...&amp;sig=...</c>) appended to blob hrefs.</param>
/// <param name="Expiry">When it stops working (<c>msft:expiry</c>).</param>
internal sealed record SasToken(string Collection, string Value, DateTimeOffset Expiry)
{
    /// <inheritdoc />
    public override string ToString() => $"SasToken {{ Collection = {Collection}, Expiry = {Expiry:O} }}";
}

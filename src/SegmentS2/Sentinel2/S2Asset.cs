namespace SegmentS2.Sentinel2;

/// <summary>One file of a Sentinel-2 item.</summary>
/// <param name="Key">The asset key as the item names it (<c>B04</c> on Planetary Computer, <c>red</c> on Earth Search).</param>
/// <param name="Href">Where the file is (URL or local path), unsigned.</param>
/// <param name="BandId">The Sentinel-2 band id (B01..B12, B8A, SCL), or null when the asset is no band.</param>
/// <param name="Scale">Declared DN scale (raster:bands), when the catalogue declares one.</param>
/// <param name="Offset">Declared offset (raster:bands), when the catalogue declares one.</param>
public sealed record S2Asset(string Key, string Href, string? BandId, double? Scale = null, double? Offset = null);

using NetTopologySuite.Geometries;

namespace SegmentS2.Sentinel2;

/// <summary>One Sentinel-2 L2A product: one MGRS tile of one acquisition.</summary>
public sealed record S2Item
{
    /// <summary>STAC item id.</summary>
    public required string Id { get; init; }

    /// <summary>Acquisition time.</summary>
    public required DateTimeOffset DateTime { get; init; }

    /// <summary>MGRS tile, for example <c>29RKH</c>.</summary>
    public string? MgrsTile { get; init; }

    /// <summary>EPSG code of the tile's UTM grid (<c>proj:epsg</c>).</summary>
    public int? Epsg { get; init; }

    /// <summary>Cloud cover percentage (<c>eo:cloud_cover</c>).</summary>
    public double? CloudCover { get; init; }

    /// <summary>Processing baseline (<c>s2:processing_baseline</c>), for example <c>04.00</c>.</summary>
    public string? ProcessingBaseline { get; init; }

    /// <summary>Relative orbit number (<c>sat:relative_orbit</c>), used to group tiles into scenes.</summary>
    public int? RelativeOrbit { get; init; }

    /// <summary>Platform (<c>sentinel-2a</c>, <c>sentinel-2b</c>...).</summary>
    public string? Platform { get; init; }

    /// <summary>True when the catalogue says the BOA offset is already applied to the DNs (<c>earthsearch:boa_offset_applied</c>).</summary>
    public bool BoaOffsetApplied { get; init; }

    /// <summary>The item's assets by key.</summary>
    public required IReadOnlyDictionary<string, S2Asset> Assets { get; init; }

    /// <summary>The STAC collection the item came from.</summary>
    public string? Collection { get; init; }

    /// <summary>The tile's data footprint in EPSG:4326 (the item's geometry), when known.</summary>
    public Geometry? Footprint { get; init; }

    /// <summary>The asset of a band id (B04...), or null when the item has none.</summary>
    public S2Asset? FindBand(string bandId)
    {
        foreach (var asset in Assets.Values)
        {
            if (string.Equals(asset.BandId, bandId, StringComparison.Ordinal))
            {
                return asset;
            }
        }

        return null;
    }
}

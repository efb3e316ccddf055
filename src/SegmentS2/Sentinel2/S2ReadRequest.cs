using NetTopologySuite.Geometries;

namespace SegmentS2.Sentinel2;

/// <summary>How to open a scene.</summary>
/// <param name="Roi">Region of interest in EPSG:4326; the opened grid covers it.</param>
/// <param name="Bands">Bands to read: Sentinel-2 ids (B01..B12, B8A, SCL) or aliases R, G, B, N.</param>
public sealed record S2ReadRequest(Geometry Roi, IReadOnlyList<string> Bands)
{
    /// <summary>Resampling of coarser bands to 10 m.</summary>
    public S2Resampling Resampling { get; init; } = S2Resampling.Nearest;

    /// <summary>
    /// Apply the BOA offset of processing baseline 04.00+ (-1000 DN) in <see cref="S2BandInfo.Offset"/>.
    /// False reproduces the reference workflow, which ignores it.
    /// </summary>
    public bool ApplyBoaOffset { get; init; } = true;
}

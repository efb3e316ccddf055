namespace SegmentS2.GeoTiff.Writing;

/// <summary>How each overview level is computed from the level above it (always by a factor of 2).</summary>
public enum GeoTiffOverviewResampling
{
    /// <summary>
    /// Mean of the valid pixels of each 2 x 2 block (nodata and NaN excluded; nodata when none is valid),
    /// rounded half away from zero for integer types. For imagery.
    /// </summary>
    Average,

    /// <summary>The top-left pixel of each 2 x 2 block. For masks and class maps, whose values must not be blended.</summary>
    Nearest,
}

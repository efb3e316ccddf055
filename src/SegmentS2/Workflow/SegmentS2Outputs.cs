namespace SegmentS2.Workflow;

/// <summary>The files the workflow writes for each scene.</summary>
[Flags]
public enum SegmentS2Outputs
{
    /// <summary>Only the segmentation mask GeoTIFF (always written).</summary>
    Mask = 0,

    /// <summary>The Sentinel-2 stack used, as a GeoTIFF (<c>s2_raster</c>).</summary>
    S2Raster = 1,

    /// <summary>The masks vectorised as a GeoJSON FeatureCollection.</summary>
    Polygons = 2,

    /// <summary>A PNG quick-look: RGB, masks and prompts.</summary>
    QuickLook = 4,

    /// <summary>Everything.</summary>
    All = S2Raster | Polygons | QuickLook,
}

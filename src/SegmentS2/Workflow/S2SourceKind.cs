namespace SegmentS2.Workflow;

/// <summary>The Sentinel-2 sources <c>AddSegmentS2</c> can register.</summary>
public enum S2SourceKind
{
    /// <summary>Microsoft Planetary Computer (STAC + SAS-signed Azure blobs).</summary>
    PlanetaryComputer,

    /// <summary>Element84 Earth Search v1 (unsigned).</summary>
    EarthSearch,

    /// <summary>Local GeoTIFFs or STAC item JSON.</summary>
    LocalFiles,
}

namespace SegmentS2.Sentinel2.Scenes;

/// <summary>How to pick scenes from a search result.</summary>
public sealed record S2SceneSelection
{
    /// <summary>Which scenes to keep.</summary>
    public S2ScenePolicy Policy { get; init; } = S2ScenePolicy.All;

    /// <summary>Drop scenes whose cloud fraction (0..1) is above this; null keeps all.</summary>
    public double? MaxCloudFraction { get; init; }

    /// <summary>
    /// Measure each scene's cloud fraction over the region from its SCL band (reads only the SCL
    /// tiles over the region) instead of trusting the tiles' <c>eo:cloud_cover</c>. Default true.
    /// </summary>
    public bool MeasureCloudsOverRoi { get; init; } = true;
}

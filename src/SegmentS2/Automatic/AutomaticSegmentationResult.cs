namespace SegmentS2.Automatic;

/// <summary>What an automatic segmentation run produced.</summary>
/// <param name="Scenes">One result per segmented scene, in acquisition order.</param>
/// <param name="OutputDirectory">The output folder.</param>
/// <param name="SegmentsPath">The GeoPackage <c>segments.gpkg</c> (layer <c>segments</c>), one row per kept segment of every scene.</param>
public sealed record AutomaticSegmentationResult(IReadOnlyList<AutomaticSceneResult> Scenes, string OutputDirectory, string SegmentsPath)
{
    /// <summary>The whole run's wall time.</summary>
    public TimeSpan Total { get; init; }
}

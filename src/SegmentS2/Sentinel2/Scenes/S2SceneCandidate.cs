namespace SegmentS2.Sentinel2.Scenes;

/// <summary>A scene with the cloud fraction the selection used.</summary>
/// <param name="Scene">The scene.</param>
/// <param name="CloudFraction">Cloudy share (0..1) over the region (from SCL) or of the tiles (<c>eo:cloud_cover</c> / 100); null when unknown.</param>
public sealed record S2SceneCandidate(S2Scene Scene, double? CloudFraction);

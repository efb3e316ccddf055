namespace SegmentS2.Testing.Synthetic;

/// <summary>A generated acquisition: one or more MGRS tiles with COGs of known pixels.</summary>
/// <param name="DateTime">Acquisition time.</param>
/// <param name="Platform">Platform, for example <c>sentinel-2a</c>.</param>
/// <param name="RelativeOrbit">Relative orbit number.</param>
/// <param name="ProcessingBaseline">Processing baseline, for example <c>05.09</c>.</param>
/// <param name="Tiles">The tiles.</param>
public sealed record SyntheticScene(DateTimeOffset DateTime, string Platform, int RelativeOrbit, string ProcessingBaseline, IReadOnlyList<SyntheticTile> Tiles);

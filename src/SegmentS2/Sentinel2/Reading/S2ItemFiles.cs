namespace SegmentS2.Sentinel2.Reading;

/// <summary>An item of a scene with its opened band files, in requested band order.</summary>
/// <param name="Item">The item.</param>
/// <param name="Files">One file per requested band.</param>
internal sealed record S2ItemFiles(S2Item Item, IReadOnlyList<IS2BandFile> Files);

namespace SegmentS2.Prompts;

/// <summary>Validated prompts in raster pixel coordinates, one group per prompt id, in output band order.</summary>
/// <param name="Groups">The groups, ordered by <see cref="PromptGroup.Index"/>.</param>
/// <param name="RasterEpsg">EPSG code of the raster the pixel coordinates refer to.</param>
public sealed record PromptSet(IReadOnlyList<PromptGroup> Groups, int RasterEpsg);

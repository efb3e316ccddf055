using SegmentS2.Raster;

namespace SegmentS2.Prompts;

/// <summary>Validated prompts in pixel coordinates, one group per prompt id, in output band order.</summary>
/// <param name="Groups">The groups, ordered by <see cref="PromptGroup.Index"/>.</param>
/// <param name="RasterEpsg">EPSG code of the raster the pixel coordinates refer to.</param>
/// <param name="PixelTransform">The geotransform of the pixel grid the coordinates are in (the ROI window's, in the workflow).</param>
public sealed record PromptSet(IReadOnlyList<PromptGroup> Groups, int RasterEpsg, GeoTransform PixelTransform);

using SegmentS2.Raster;

namespace SegmentS2.Batch;

/// <summary>One chip of a <see cref="BatchPlanScene"/>.</summary>
/// <param name="Window">Its read window in the scene's grid (the grid opened around the fields, or the ROI).</param>
/// <param name="Shard">The shard that encodes it (0-based).</param>
/// <param name="FieldIds">The fields segmented in it.</param>
public sealed record BatchPlanChip(PixelWindow Window, int Shard, IReadOnlyList<string> FieldIds);

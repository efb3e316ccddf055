namespace SegmentS2.Batch;

/// <summary>What a <see cref="FieldRowSink"/> needs besides the scene.</summary>
/// <param name="ImageBands">How many of the raster's bands are image bands.</param>
/// <param name="HasScl">Whether the SCL band follows them (cloud fractions).</param>
/// <param name="MaskMargin">Pixels kept around a field's prompts (its window).</param>
/// <param name="PointsPerBatch">Points per decoder call.</param>
/// <param name="WriteMasks">Also write one mask GeoTIFF per field and scene.</param>
/// <param name="OutputDirectory">The batch's output folder.</param>
internal sealed record FieldSinkSettings(int ImageBands, bool HasScl, int MaskMargin, int PointsPerBatch, bool WriteMasks, string OutputDirectory);

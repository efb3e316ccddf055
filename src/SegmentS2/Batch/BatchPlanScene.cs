namespace SegmentS2.Batch;

/// <summary>One scene of a <see cref="BatchPlan"/>: its chip cover.</summary>
/// <param name="SceneId">The scene.</param>
/// <param name="DateTime">Its acquisition time.</param>
/// <param name="Epsg">The CRS of its grid, in which the chip windows are.</param>
/// <param name="Chips">The chips that hold its fields, in the order they run.</param>
public sealed record BatchPlanScene(string SceneId, DateTimeOffset DateTime, int Epsg, IReadOnlyList<BatchPlanChip> Chips);

namespace SegmentS2.Batch;

/// <summary>
/// What a batch would do, from <see cref="SegmentS2WorkflowBatchExtensions.PlanBatchAsync"/>: the scenes, each scene's chips with
/// their fields and shard, and the fields already known to fail. No pixel is read and no model runs to make it.
/// </summary>
/// <param name="Fields">Fields in the layer (prompt groups, and features that belong to none).</param>
/// <param name="Scenes">The scenes that hold fields, in the order the batch runs them.</param>
/// <param name="Failures">Fields that fail before any chip: refused by a prompt rule, too large for a chip, outside every scene.</param>
/// <param name="ShardCount">The number of shards the chips are dealt to.</param>
public sealed record BatchPlan(int Fields, IReadOnlyList<BatchPlanScene> Scenes, IReadOnlyList<BatchFailure> Failures, int ShardCount);

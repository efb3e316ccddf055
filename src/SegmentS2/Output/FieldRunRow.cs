namespace SegmentS2.Output;

/// <summary>One row of the <c>field_runs</c> table: a field tried in a scene (or, with an empty scene id, refused before any scene).</summary>
/// <param name="PromptId">The field's <c>prompt_id</c>.</param>
/// <param name="SceneId">The scene; empty for a failure that no scene decides (a bad prompt group, a field outside every scene).</param>
/// <param name="Status"><see cref="Segmented"/> or <see cref="Failed"/>.</param>
/// <param name="Reason">Why it failed; null when segmented.</param>
public sealed record FieldRunRow(string PromptId, string SceneId, string Status, string? Reason)
{
    /// <summary>The field has a mask row for the scene.</summary>
    public const string Segmented = "segmented";

    /// <summary>The field could not be segmented (in the scene, or at all).</summary>
    public const string Failed = "failed";

    /// <summary>The shard that wrote the row (0-based); null in files written before shards were recorded.</summary>
    public int? ShardIndex { get; init; }

    /// <summary>The number of shards of the batch that wrote the row; null in files written before shards were recorded.</summary>
    public int? ShardCount { get; init; }
}

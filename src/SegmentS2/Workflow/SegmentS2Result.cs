namespace SegmentS2.Workflow;

/// <summary>The outcome of <see cref="SegmentS2Workflow.RunAsync"/>: one entry per segmented scene, oldest first.</summary>
/// <param name="Scenes">Per-scene results.</param>
/// <param name="OutputDirectory">The folder all outputs were written to.</param>
public sealed record SegmentS2Result(IReadOnlyList<SceneResult> Scenes, string OutputDirectory)
{
    /// <summary>Wall time of the scene search and selection (cloud screening included).</summary>
    public TimeSpan Search { get; init; }

    /// <summary>Wall time of the run from the search to the last output written.</summary>
    public TimeSpan Total { get; init; }
}

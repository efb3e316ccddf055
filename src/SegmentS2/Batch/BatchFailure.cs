namespace SegmentS2.Batch;

/// <summary>A field that was not segmented in any scene, and why.</summary>
/// <param name="PromptId">The field's <c>prompt_id</c> (or <c>feature N</c> when the feature has no usable id).</param>
/// <param name="Reason">What went wrong, naming the field.</param>
public sealed record BatchFailure(string PromptId, string Reason);

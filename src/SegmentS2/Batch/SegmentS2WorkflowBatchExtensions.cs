using SegmentS2.Workflow;

namespace SegmentS2.Batch;

/// <summary>
/// <see cref="SegmentS2Workflow"/>'s batch front-end: many fields in shared chips. An extension in this namespace, so
/// that the workflow's namespace does not depend on the batch's (the batch builds on the workflow's options and inputs).
/// </summary>
public static class SegmentS2WorkflowBatchExtensions
{
    /// <summary>
    /// Segments many fields (prompt groups, one per <c>prompt_id</c>) in every selected scene of a time range, in one pass:
    /// each search area is searched once, each scene opened once, the fields placed whole into chips they share (each chip
    /// read and encoded once), and one row per field and scene written to <c>fields.gpkg</c> in the output folder, in
    /// transactions of up to 1,000 fields. A bad field never stops the batch: it becomes a failure with a reason naming it.
    /// Running the same request again skips every field and scene already decided. Unlike
    /// <see cref="SegmentS2Workflow.RunAsync"/>, masks are never cut at chip seams (see docs/differences-from-reference.md).
    /// </summary>
    /// <param name="workflow">The workflow whose source, models and options the batch uses.</param>
    /// <param name="request">Prompts, time range, optional ROI, output folder and shard.</param>
    /// <param name="progress">Receives progress over scenes, chips and fields; may be null.</param>
    /// <param name="cancellationToken">Stops the run between groups of fields; committed groups stay.</param>
    /// <exception cref="InvalidOptionException">A request setting is out of range (shard, margin, cell size).</exception>
    public static Task<BatchResult> RunBatchAsync(this SegmentS2Workflow workflow, BatchRequest request, IProgress<BatchProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Engine(workflow).RunAsync(request, progress, cancellationToken);

    /// <summary>
    /// The plan of <see cref="RunBatchAsync"/> for the same request, without reading a pixel, running a model or writing a
    /// file: the scenes found, each scene's chip cover (the chips, the fields of each and the shard that encodes it) and the
    /// fields that fail before any chip. Scene headers are read to place the fields on each scene's grid.
    /// </summary>
    /// <param name="workflow">The workflow whose source and options the plan uses.</param>
    /// <param name="request">The batch, as <see cref="RunBatchAsync"/> would take it.</param>
    /// <param name="cancellationToken">Stops the planning.</param>
    public static Task<BatchPlan> PlanBatchAsync(this SegmentS2Workflow workflow, BatchRequest request, CancellationToken cancellationToken = default) =>
        Engine(workflow).PlanAsync(request, cancellationToken);

    private static BatchEngine Engine(SegmentS2Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return new BatchEngine(workflow.Source, workflow.Chipper, workflow.PromptEncoder, workflow.Sam, workflow.Options, workflow.Logger);
    }
}

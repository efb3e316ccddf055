using SegmentS2.Batch;

namespace SegmentS2.Workflow;

public sealed partial class SegmentS2Workflow
{
    /// <summary>
    /// Segments many fields (prompt groups, one per <c>prompt_id</c>) in every selected scene of a time range, in one pass:
    /// each search area is searched once, each scene opened once, the fields placed whole into chips they share (each chip
    /// read and encoded once), and one row per field and scene written to <c>fields.gpkg</c> in the output folder, chip by
    /// chip in transactions. A bad field never stops the batch: it becomes a failure with a reason naming it. Running the
    /// same request again skips every field and scene already decided. Unlike <see cref="RunAsync"/>, masks are never cut
    /// at chip seams (see docs/differences-from-reference.md).
    /// </summary>
    /// <param name="request">Prompts, time range, optional ROI, output folder and shard.</param>
    /// <param name="progress">Receives progress over scenes, chips and fields; may be null.</param>
    /// <param name="cancellationToken">Stops the run between chips; committed chips stay.</param>
    /// <exception cref="InvalidOptionException">A request setting is out of range (shard, margin, cell size).</exception>
    public Task<BatchResult> RunBatchAsync(BatchRequest request, IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new BatchEngine(_source, _chipper, _promptEncoder, _sam, _options, _logger).RunAsync(request, progress, cancellationToken);

    /// <summary>
    /// The plan of <see cref="RunBatchAsync"/> for the same request, without reading a pixel, running a model or writing a
    /// file: the scenes found, each scene's chip cover (the chips, the fields of each and the shard that encodes it) and the
    /// fields that fail before any chip. Scene headers are read to place the fields on each scene's grid.
    /// </summary>
    /// <param name="request">The batch, as <see cref="RunBatchAsync"/> would take it.</param>
    /// <param name="cancellationToken">Stops the planning.</param>
    public Task<BatchPlan> PlanBatchAsync(BatchRequest request, CancellationToken cancellationToken = default) =>
        new BatchEngine(_source, _chipper, _promptEncoder, _sam, _options, _logger).PlanAsync(request, cancellationToken);
}

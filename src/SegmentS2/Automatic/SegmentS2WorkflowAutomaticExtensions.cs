using SegmentS2.Workflow;

namespace SegmentS2.Automatic;

/// <summary>
/// <see cref="SegmentS2Workflow"/>'s automatic-segmentation front-end. An extension in this namespace, so that the
/// workflow's namespace does not depend on this one (automatic segmentation builds on the workflow's options and results).
/// </summary>
public static class SegmentS2WorkflowAutomaticExtensions
{
    /// <summary>
    /// Automatic segmentation, FarmVibes' <c>auto_segment_s2</c>: no prompts. Every chip of the ROI window that holds ROI
    /// pixels is encoded and decoded from a grid of single-point prompts; masks are filtered by predicted IoU and stability,
    /// selected by NMS within and across chips and by the chip-border rule, and written per scene as
    /// <c>&lt;scene&gt;_segmentation_mask.tif</c> (one band per kept mask), rows of <c>segments.gpkg</c>, the <c>s2_raster</c> and a
    /// quick-look. The same sources, scene selection, chip pipeline, progress and cancellation as
    /// <see cref="SegmentS2Workflow.RunAsync"/>; where and why it differs from the reference is in docs/automatic.md.
    /// </summary>
    /// <param name="workflow">The workflow whose source, models and options the run uses.</param>
    /// <param name="request">Region, time range and parameters.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops the run between chips and decoder calls.</param>
    /// <exception cref="InvalidOptionException">A parameter is out of range; the message names it and its value.</exception>
    public static Task<AutomaticSegmentationResult> RunAutomaticAsync(this SegmentS2Workflow workflow, AutomaticSegmentationRequest request,
        IProgress<SegmentS2Progress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return new AutomaticEngine(workflow.Source, workflow.Sam, workflow.Options, workflow.Logger).RunAsync(request, progress, cancellationToken);
    }
}

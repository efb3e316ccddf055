using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Projection;
using SegmentS2.Prompts;

namespace SegmentS2.Workflow;

/// <summary>
/// Dry run of the segmentation workflow: from a raster's header, the prompts and the region of interest, the chip grid
/// and every chip's decoder prompts, with the same chipper and prompt encoder the workflow uses. Reads no pixels.
/// </summary>
public sealed class SegmentationPlanner
{
    private readonly IChipper _chipper;
    private readonly IPromptEncoder _prompts;

    /// <summary>Creates a planner.</summary>
    /// <param name="chipper">The chip grid; a reference <see cref="SpatialChipper"/> when null.</param>
    /// <param name="promptEncoder">The prompt encoder; a <see cref="GeoJsonPromptEncoder"/> when null.</param>
    public SegmentationPlanner(IChipper? chipper = null, IPromptEncoder? promptEncoder = null)
    {
        _chipper = chipper ?? new SpatialChipper();
        _prompts = promptEncoder ?? new GeoJsonPromptEncoder();
    }

    /// <summary>Plans a run.</summary>
    /// <exception cref="SegmentS2Exception">Bad prompts, a ROI outside the raster, a raster smaller than a chip, or bad options; the message names the value.</exception>
    public SegmentationPlan Plan(SegmentationPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raster = request.Raster;
        if (request.PointsPerBatch < 1)
        {
            throw new InvalidOptionException(nameof(request.PointsPerBatch), request.PointsPerBatch, "at least 1");
        }

        Envelope? roi = request.Roi is null ? null : RoiEnvelope(request.Roi, request.RoiEpsg, raster.Epsg);
        var grid = _chipper.Plan(raster.Width, raster.Height, raster.Transform, roi);
        var prompts = _prompts.Prepare(request.Prompts, raster.Epsg, grid.RoiTransform, roi ?? raster.Bounds, request.PromptsEpsg);
        var chips = grid.Chips.Select(c => new PlannedChip(c, _prompts.ForChip(prompts, c.Read, request.PointsPerBatch))).ToList();
        return new SegmentationPlan(raster, roi ?? raster.Bounds, grid, prompts, chips);
    }

    /// <summary>The ROI reprojected vertex by vertex to the raster CRS, then its envelope (as the reference does).</summary>
    private static Envelope RoiEnvelope(Geometry roi, int roiEpsg, int rasterEpsg)
    {
        if (roi.IsEmpty || roi.Coordinates.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y)))
        {
            throw new InvalidOptionException("region of interest", Shorten(roi.AsText()), "a non-empty geometry with finite coordinates");
        }

        var projected = CrsTransform.Create(roiEpsg, rasterEpsg).Transform(roi);
        var envelope = projected.EnvelopeInternal;
        if (envelope.IsNull || !double.IsFinite(envelope.MinX) || !double.IsFinite(envelope.MaxX) || !double.IsFinite(envelope.MinY) || !double.IsFinite(envelope.MaxY))
        {
            throw new InvalidOptionException("region of interest", Shorten(roi.AsText()), $"projectable from EPSG:{roiEpsg} to EPSG:{rasterEpsg}");
        }

        return envelope;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 120), "...");
}

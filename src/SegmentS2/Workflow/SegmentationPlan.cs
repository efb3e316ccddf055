using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Prompts;
using SegmentS2.Raster;

namespace SegmentS2.Workflow;

/// <summary>
/// What a segmentation run will do, decided before any pixel is read or model run: the ROI window, the chips and the
/// exact decoder prompts of every chip.
/// </summary>
/// <param name="Raster">The raster's grid.</param>
/// <param name="RoiEnvelope">The ROI envelope in the raster's CRS; prompts must lie strictly within it.</param>
/// <param name="Grid">The chip grid.</param>
/// <param name="Prompts">The validated prompts in ROI-window pixels.</param>
/// <param name="Chips">Every chip in row-major order with its valid prompts.</param>
public sealed record SegmentationPlan(RasterGrid Raster, Envelope RoiEnvelope, ChipPlan Grid, PromptSet Prompts, IReadOnlyList<PlannedChip> Chips)
{
    /// <summary>The ROI window in raster pixels, after growing to the chip size.</summary>
    public PixelWindow RoiWindow => Grid.RoiWindow;

    /// <summary>Original prompt ids in output band order.</summary>
    public IReadOnlyList<string> PromptIds => Prompts.Groups.Select(g => g.OriginalId).ToList();

    /// <summary>Number of chips that will be encoded (those with at least one valid prompt).</summary>
    public int EncodedChipCount => Chips.Count(c => c.HasPrompts);
}

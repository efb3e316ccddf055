using SegmentS2.Chipping;

namespace SegmentS2.Automatic;

/// <summary>
/// The parameters of automatic segmentation, named and defaulted as FarmVibes' <c>auto_segment_s2</c> workflow passes them
/// (the CLI takes them as <c>--points-per-side</c> and so on). See docs/automatic.md.
/// </summary>
public sealed record AutomaticSegmentationParameters
{
    /// <summary>Points per side of the grid in each chip: <c>points_per_side</c>² single-point prompts. Default 16.</summary>
    public int PointsPerSide { get; init; } = 16;

    /// <summary>Crop layers below the whole chip; layer i cuts the chip into (2^i)² crops. Default 0.</summary>
    public int NCropLayers { get; init; }

    /// <summary>Overlap between neighbouring crops, in [0, 1). Default 0.</summary>
    public double CropOverlapRatio { get; init; }

    /// <summary>Each crop layer's grid has <c>points_per_side / factor^layer</c> points per side. Default 1.</summary>
    public int CropNPointsDownscaleFactor { get; init; } = 1;

    /// <summary>Masks whose predicted IoU is not above this, in (0, 1), are dropped. Default 0.88.</summary>
    public double PredIouThresh { get; init; } = 0.88;

    /// <summary>Masks whose stability score is not above this, in (0, 1], are dropped. Default 0.95.</summary>
    public double StabilityScoreThresh { get; init; } = 0.95;

    /// <summary>The stability score compares the mask at logit thresholds +offset and -offset; at least 0. Default 1.</summary>
    public double StabilityScoreOffset { get; init; } = 1.0;

    /// <summary>Prompts per decoder call. Default 16.</summary>
    public int PointsPerBatch { get; init; } = 16;

    /// <summary>Fraction of a chip shared with its neighbour, in [0, 1). The workflows pass 0.5 (the op's own default is 0).</summary>
    public double SpatialOverlap { get; init; } = ChipperOptions.DefaultSpatialOverlap;

    /// <summary>IoU above which a box suppresses a lower-scored one within a chip, in (0, 1). Default 0.7.</summary>
    public double ChipNmsThr { get; init; } = 0.7;

    /// <summary>IoU above which a box suppresses a larger one across chips, in (0, 1). Default 0.5.</summary>
    public double MaskNmsThr { get; init; } = 0.5;

    /// <summary>
    /// Beyond the reference: segments smaller than this many square metres are left out of <c>segments.gpkg</c>. 0 (the
    /// default) keeps every segment.
    /// </summary>
    public double MinAreaM2 { get; init; }

    /// <summary>Also leave segments under <see cref="MinAreaM2"/> out of the segmentation mask raster (off: the raster is the reference's).</summary>
    public bool MinAreaAppliesToRaster { get; init; }

    /// <summary>Checks every parameter, with the reference's ranges.</summary>
    /// <exception cref="InvalidOptionException">A parameter is out of range; the message names it and its value.</exception>
    public void Validate()
    {
        if (PointsPerSide is < 1 or > 1024)
        {
            throw new InvalidOptionException("points_per_side", PointsPerSide, "a positive integer up to 1024");
        }

        if (NCropLayers is < 0 or > 4)
        {
            throw new InvalidOptionException("n_crop_layers", NCropLayers, "a non-negative integer up to 4");
        }

        if (!(CropOverlapRatio >= 0 && CropOverlapRatio < 1))
        {
            throw new InvalidOptionException("crop_overlap_ratio", CropOverlapRatio, "in [0, 1)");
        }

        if (CropNPointsDownscaleFactor < 1)
        {
            throw new InvalidOptionException("crop_n_points_downscale_factor", CropNPointsDownscaleFactor, "a positive integer");
        }

        if (!(PredIouThresh > 0 && PredIouThresh < 1))
        {
            throw new InvalidOptionException("pred_iou_thresh", PredIouThresh, "in (0, 1)");
        }

        if (!(StabilityScoreThresh > 0 && StabilityScoreThresh <= 1))
        {
            throw new InvalidOptionException("stability_score_thresh", StabilityScoreThresh, "in (0, 1]");
        }

        if (!(StabilityScoreOffset >= 0 && double.IsFinite(StabilityScoreOffset)))
        {
            throw new InvalidOptionException("stability_score_offset", StabilityScoreOffset, "a finite number of at least 0");
        }

        if (PointsPerBatch is < 1 or > 1024)
        {
            throw new InvalidOptionException("points_per_batch", PointsPerBatch, "a positive integer up to 1024");
        }

        if (!(SpatialOverlap >= 0 && SpatialOverlap < 1))
        {
            throw new InvalidOptionException("spatial_overlap", SpatialOverlap, "in [0, 1)");
        }

        if (!(ChipNmsThr > 0 && ChipNmsThr < 1))
        {
            throw new InvalidOptionException("chip_nms_thr", ChipNmsThr, "in (0, 1)");
        }

        if (!(MaskNmsThr > 0 && MaskNmsThr < 1))
        {
            throw new InvalidOptionException("mask_nms_thr", MaskNmsThr, "in (0, 1)");
        }

        if (!(MinAreaM2 >= 0 && double.IsFinite(MinAreaM2)))
        {
            throw new InvalidOptionException("min_area_m2", MinAreaM2, "a finite number of at least 0");
        }

        for (int layer = 1; layer <= NCropLayers; layer++)
        {
            if (PointsPerSideForLayer(layer) < 1)
            {
                throw new InvalidOptionException("crop_n_points_downscale_factor", CropNPointsDownscaleFactor,
                    $"small enough that crop layer {layer} keeps at least 1 point per side (points_per_side {PointsPerSide})");
            }
        }
    }

    /// <summary>The grid of crop layer <paramref name="layer"/>: <c>int(points_per_side / factor^layer)</c> points per side, as the reference.</summary>
    public int PointsPerSideForLayer(int layer) => (int)(PointsPerSide / Math.Pow(CropNPointsDownscaleFactor, layer));
}

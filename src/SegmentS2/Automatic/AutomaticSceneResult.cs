using SegmentS2.Raster;
using SegmentS2.Workflow;

using SegmentS2.Pipeline;

namespace SegmentS2.Automatic;

/// <summary>What automatic segmentation produced for one scene.</summary>
public sealed record AutomaticSceneResult
{
    /// <summary>Scene id.</summary>
    public required string SceneId { get; init; }

    /// <summary>Acquisition time.</summary>
    public required DateTimeOffset DateTime { get; init; }

    /// <summary>
    /// The reference's <c>segmentation_mask</c>: one uint8 band per kept mask (<c>mask_0</c>, <c>mask_1</c>, ...), 1 inside.
    /// Null when no mask was kept (a GeoTIFF cannot have zero bands).
    /// </summary>
    public string? SegmentationMaskPath { get; init; }

    /// <summary>The Sentinel-2 stack GeoTIFF, when written.</summary>
    public string? S2RasterPath { get; init; }

    /// <summary>The PNG quick-look with the segments outlined, when written.</summary>
    public string? QuickLookPath { get; init; }

    /// <summary>EPSG code of the outputs' grid.</summary>
    public required int Epsg { get; init; }

    /// <summary>Geotransform of the outputs' grid (the ROI window, as <c>run</c>'s mask).</summary>
    public required GeoTransform GeoTransform { get; init; }

    /// <summary>Output width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Output height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Chips of the ROI window.</summary>
    public required int ChipsTotal { get; init; }

    /// <summary>Chips encoded.</summary>
    public required int ChipsEncoded { get; init; }

    /// <summary>Chips skipped (all nodata, or outside the ROI).</summary>
    public required int ChipsSkipped { get; init; }

    /// <summary>Point prompts decoded, over every chip and crop.</summary>
    public required long PromptsDecoded { get; init; }

    /// <summary>Masks that passed the predicted-IoU and stability filters.</summary>
    public required int MasksFiltered { get; init; }

    /// <summary>Masks kept after both NMS passes and the chip-border rule: the raster's bands.</summary>
    public required int MasksKept { get; init; }

    /// <summary>Rows this scene added to <c>segments.gpkg</c> (kept masks not under the minimum area).</summary>
    public required int Segments { get; init; }

    /// <summary>Wall time per stage.</summary>
    public required StageTimings Timings { get; init; }
}

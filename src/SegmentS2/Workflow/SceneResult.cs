using SegmentS2.Pipeline;

namespace SegmentS2.Workflow;

/// <summary>What the workflow produced for one scene.</summary>
public sealed record SceneResult
{
    /// <summary>Scene id.</summary>
    public required string SceneId { get; init; }

    /// <summary>Acquisition time.</summary>
    public required DateTimeOffset DateTime { get; init; }

    /// <summary>Cloud fraction of the region of interest (0..1) from the scene classification, when known.</summary>
    public double? CloudFraction { get; init; }

    /// <summary>The segmentation mask GeoTIFF: uint8, one band per prompt id.</summary>
    public required string SegmentationMaskPath { get; init; }

    /// <summary>The Sentinel-2 stack GeoTIFF, when written.</summary>
    public string? S2RasterPath { get; init; }

    /// <summary>The polygons GeoJSON, when written.</summary>
    public string? PolygonsPath { get; init; }

    /// <summary>The PNG quick-look, when written.</summary>
    public string? QuickLookPath { get; init; }

    /// <summary>The band ids the <c>s2_raster</c> holds, in order (empty when it was not written).</summary>
    public IReadOnlyList<string> S2RasterBands { get; init; } = [];

    /// <summary>Original prompt id to 1-based band number of the mask.</summary>
    public required IReadOnlyDictionary<string, int> PromptBands { get; init; }

    /// <summary>EPSG code of the outputs' grid.</summary>
    public required int Epsg { get; init; }

    /// <summary>Geotransform of the outputs' grid (the ROI window).</summary>
    public required Raster.GeoTransform GeoTransform { get; init; }

    /// <summary>Output width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Output height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Chips in the grid.</summary>
    public required int ChipsTotal { get; init; }

    /// <summary>Chips run through the encoder (or served from the embedding cache).</summary>
    public required int ChipsEncoded { get; init; }

    /// <summary>Chips skipped: no valid prompt, or only nodata.</summary>
    public required int ChipsSkipped { get; init; }

    /// <summary>Prompt groups (objects).</summary>
    public required int Prompts { get; init; }

    /// <summary>Foreground pixels per original prompt id.</summary>
    public required IReadOnlyDictionary<string, long> ForegroundPixels { get; init; }

    /// <summary>Time per stage.</summary>
    public required StageTimings Timings { get; init; }
}

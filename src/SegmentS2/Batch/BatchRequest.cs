using NetTopologySuite.Geometries;
using SegmentS2.Workflow;

namespace SegmentS2.Batch;

/// <summary>
/// Many fields in one pass: prompt groups (each <c>prompt_id</c> is one field) segmented in every selected scene of a
/// time range, written to one GeoPackage. See <see cref="SegmentS2WorkflowBatchExtensions.RunBatchAsync"/>.
/// </summary>
public sealed record BatchRequest
{
    /// <summary>The prompts: one group per field (<c>prompt_id</c>), points and at most one box each, <c>label</c> 0 or 1.</summary>
    public required PromptInput Prompts { get; init; }

    /// <summary>Start of the time range.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>End of the time range (inclusive).</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Optional region (EPSG:4326) the batch is limited to: one search over it, and fields outside it fail. Null searches around the fields.</summary>
    public Geometry? Roi { get; init; }

    /// <summary>EPSG code of the prompt coordinates; null uses the file's own CRS, else EPSG:4326.</summary>
    public int? PromptsEpsg { get; init; }

    /// <summary>Folder of <c>fields.gpkg</c> (and <c>masks/</c>); null uses <see cref="SegmentS2Options.OutputDirectory"/>.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Also write one small mask GeoTIFF per field and scene under <c>masks/</c>.</summary>
    public bool WriteMasks { get; init; }

    /// <summary>
    /// Room, in pixels, a chip should leave around a field's prompts so that its mask is not cut at the chip's edge. A chip
    /// with this margin is preferred; when none has it, the chip with the largest margin is used. Default 128 (1.28 km).
    /// </summary>
    public int MaskMargin { get; init; } = 128;

    /// <summary>This shard's index, 0-based (<see cref="ShardCount"/> shards split the chips between them).</summary>
    public int ShardIndex { get; init; }

    /// <summary>Number of shards; each encodes only its own chips, and every field's chip belongs to exactly one shard.</summary>
    public int ShardCount { get; init; } = 1;

    /// <summary>Searches cover fields grouped into cells of this many degrees (each cell is searched once); default 1.</summary>
    public double SearchCellDegrees { get; init; } = 1.0;
}

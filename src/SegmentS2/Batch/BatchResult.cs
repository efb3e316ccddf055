namespace SegmentS2.Batch;

/// <summary>What a batch run did. Counts of rows come from the GeoPackage, so a rerun that had nothing left to do reports the same rows.</summary>
public sealed record BatchResult
{
    /// <summary>Fields (prompt groups) in the input, bad ones included.</summary>
    public required int Fields { get; init; }

    /// <summary>Fields with at least one mask row in the output.</summary>
    public required int FieldsSegmented { get; init; }

    /// <summary>Fields of this output that have no mask row, each with a reason.</summary>
    public required IReadOnlyList<BatchFailure> Failures { get; init; }

    /// <summary>Scenes selected over all search areas.</summary>
    public required int Scenes { get; init; }

    /// <summary>Chips whose embedding this run asked for (0 when everything was already done).</summary>
    public required int ChipsEncoded { get; init; }

    /// <summary>Chips of this shard the plan holds (all scenes), done before or now.</summary>
    public required int ChipsPlanned { get; init; }

    /// <summary>Chips of all shards together.</summary>
    public required int ChipsPlannedAllShards { get; init; }

    /// <summary>Field-and-scene pairs this shard was given (segmented or failed, now or before).</summary>
    public required int FieldScenePairs { get; init; }

    /// <summary>Mask rows written by this run.</summary>
    public required int RowsWritten { get; init; }

    /// <summary>The GeoPackage, <c>fields.gpkg</c>.</summary>
    public required string Output { get; init; }

    /// <summary>This shard's index and the number of shards.</summary>
    public (int Index, int Count) Shard { get; init; } = (0, 1);
}

namespace SegmentS2.Pipeline;

/// <summary>What one <see cref="ChipRunner.RunAsync"/> did and where its time went (read and preprocess overlap encode and decode).</summary>
internal sealed record ChipRunStatistics
{
    /// <summary>Chips encoded (cache hits included).</summary>
    public int Encoded { get; init; }

    /// <summary>Chips not encoded: without work, or all nodata.</summary>
    public int Skipped { get; init; }

    /// <summary>Scaled values that fell outside [0, 1] and were clipped (nodata excluded).</summary>
    public long Clipped { get; init; }

    /// <summary>Reading, preprocessing (hashing included), the encoder (cache lookups included) and the sink (decoding and keeping the results).</summary>
    public required StageTimings Timings { get; init; }
}

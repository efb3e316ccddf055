namespace SegmentS2.Workflow;

/// <summary>Wall time spent per stage of one scene.</summary>
public sealed record StageTimings
{
    /// <summary>Opening the scene (headers).</summary>
    public TimeSpan Open { get; init; }

    /// <summary>Reading chip pixels.</summary>
    public TimeSpan Read { get; init; }

    /// <summary>Preprocessing chips into encoder tensors.</summary>
    public TimeSpan Preprocess { get; init; }

    /// <summary>Image encoder (including cache lookups).</summary>
    public TimeSpan Encode { get; init; }

    /// <summary>Mask decoder.</summary>
    public TimeSpan Decode { get; init; }

    /// <summary>Writing outputs.</summary>
    public TimeSpan Write { get; init; }

    /// <summary>The whole scene.</summary>
    public TimeSpan Total { get; init; }
}

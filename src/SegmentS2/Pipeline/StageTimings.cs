namespace SegmentS2.Pipeline;

/// <summary>
/// Wall time spent per stage of one scene. Reading and preprocessing run on their own task while the model
/// encodes and decodes, and a scene is written while the next one is segmented, so the stages overlap and
/// their sum can exceed <see cref="Total"/>.
/// </summary>
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

namespace SegmentS2.Sam;

/// <summary>
/// What a SAM session has done so far: model runs and the wall time spent inside ONNX Runtime's
/// <c>Run</c> for each model. Subtract two snapshots to cost a piece of work, for example to split a
/// workflow run into model time and everything else.
/// </summary>
/// <param name="EncoderRuns">Encoder runs (embedding cache hits run nothing).</param>
/// <param name="EncoderRunTime">Wall time inside the encoder's <c>Run</c>, summed over runs (and over threads when runs overlap).</param>
/// <param name="DecoderRuns">Decoder runs.</param>
/// <param name="DecoderRunTime">Wall time inside the decoder's <c>Run</c>, summed over runs.</param>
public readonly record struct SamSessionStatistics(long EncoderRuns, TimeSpan EncoderRunTime, long DecoderRuns, TimeSpan DecoderRunTime)
{
    /// <summary>Time inside both models' <c>Run</c>.</summary>
    public TimeSpan ModelRunTime => EncoderRunTime + DecoderRunTime;

    /// <summary>The work done between two snapshots.</summary>
    public static SamSessionStatistics operator -(SamSessionStatistics later, SamSessionStatistics earlier) => new(
        later.EncoderRuns - earlier.EncoderRuns, later.EncoderRunTime - earlier.EncoderRunTime,
        later.DecoderRuns - earlier.DecoderRuns, later.DecoderRunTime - earlier.DecoderRunTime);
}

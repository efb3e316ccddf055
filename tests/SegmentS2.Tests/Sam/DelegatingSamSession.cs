using SegmentS2.Prompts;
using SegmentS2.Sam;

namespace SegmentS2.Tests.Sam;

/// <summary>Forwards every member to a real session; test wrappers override only the calls they record or fail.</summary>
internal abstract class DelegatingSamSession(ISamSession inner) : ISamSession
{
    protected ISamSession Inner { get; } = inner;

    public SamModelInfo Model => Inner.Model;

    public long EncoderRuns => Inner.EncoderRuns;

    public long DecoderRuns => Inner.DecoderRuns;

    public SamSessionStatistics Statistics => Inner.Statistics;

    public virtual ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default) =>
        Inner.GetEmbeddingAsync(encoderInput, cancellationToken);

    public virtual ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        Inner.DecodeAsync(embedding, prompt, destination, cancellationToken);

    public virtual ValueTask DecodePointsAsync(SamEmbedding embedding, ReadOnlyMemory<float> points, int pointsPerBatch, SamPointMaskHandler onMask, bool releaseMemoryAfter = false,
        CancellationToken cancellationToken = default) =>
        Inner.DecodePointsAsync(embedding, points, pointsPerBatch, onMask, releaseMemoryAfter, cancellationToken);

    public virtual void Dispose() => Inner.Dispose();
}

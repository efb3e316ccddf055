using SegmentS2.Prompts;
using SegmentS2.Sam;

namespace SegmentS2.Tests.Sam;

/// <summary>
/// Passes every call to a real session and records, in call order, each encoder input's
/// <see cref="SamEncoderInput.ReleaseMemoryAfterEncode"/> hint.
/// </summary>
internal sealed class ReleaseHintRecorder(ISamSession inner) : ISamSession
{
    private readonly List<bool> hints = [];

    public IReadOnlyList<bool> Hints
    {
        get
        {
            lock (hints)
            {
                return [.. hints];
            }
        }
    }

    public SamModelInfo Model => inner.Model;

    public long EncoderRuns => inner.EncoderRuns;

    public long DecoderRuns => inner.DecoderRuns;

    public SamSessionStatistics Statistics => inner.Statistics;

    public ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default)
    {
        lock (hints)
        {
            hints.Add(encoderInput.ReleaseMemoryAfterEncode);
        }

        return inner.GetEmbeddingAsync(encoderInput, cancellationToken);
    }

    public ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.DecodeAsync(embedding, prompt, destination, cancellationToken);

    public void Dispose() => inner.Dispose();
}

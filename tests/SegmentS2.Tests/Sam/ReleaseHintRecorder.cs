using SegmentS2.Sam;

namespace SegmentS2.Tests.Sam;

/// <summary>
/// Passes every call to a real session and records, in call order, each encoder input's
/// <see cref="SamEncoderInput.ReleaseMemoryAfterEncode"/> hint.
/// </summary>
internal sealed class ReleaseHintRecorder(ISamSession inner) : DelegatingSamSession(inner)
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

    public override ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default)
    {
        lock (hints)
        {
            hints.Add(encoderInput.ReleaseMemoryAfterEncode);
        }

        return Inner.GetEmbeddingAsync(encoderInput, cancellationToken);
    }
}

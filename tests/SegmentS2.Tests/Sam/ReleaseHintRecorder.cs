using SegmentS2.Sam;

namespace SegmentS2.Tests.Sam;

/// <summary>
/// Passes every call to a real session and records, in call order, each encoder input's
/// <see cref="SamEncoderInput.ReleaseMemoryAfterEncode"/> hint and each point-grid decode's release hint.
/// </summary>
internal sealed class ReleaseHintRecorder(ISamSession inner) : DelegatingSamSession(inner)
{
    private readonly List<bool> hints = [];
    private readonly List<bool> decodeHints = [];

    public IReadOnlyList<bool> DecodeHints
    {
        get
        {
            lock (decodeHints)
            {
                return [.. decodeHints];
            }
        }
    }

    public override ValueTask DecodePointsAsync(SamEmbedding embedding, ReadOnlyMemory<float> points, int pointsPerBatch, SamPointMaskHandler onMask, bool releaseMemoryAfter = false,
        CancellationToken cancellationToken = default)
    {
        lock (decodeHints)
        {
            decodeHints.Add(releaseMemoryAfter);
        }

        return Inner.DecodePointsAsync(embedding, points, pointsPerBatch, onMask, releaseMemoryAfter, cancellationToken);
    }

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

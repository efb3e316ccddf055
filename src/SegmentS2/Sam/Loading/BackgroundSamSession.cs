using SegmentS2.Prompts;
using SegmentS2.Raster;

namespace SegmentS2.Sam.Loading;

/// <summary>
/// A session whose models load on a worker thread from the moment it is created; every member waits for that load.
/// The workflow's prompt validation, scene search, scene opening and first chip read then run while ONNX Runtime builds
/// the sessions, instead of after them: with a one-second encoder such as MobileSAM's that is a tenth of a run, and
/// against a remote catalogue the load hides behind the network. A load that fails throws its own exception (the same
/// type <see cref="OnnxSamSession.Load(string, string, SamSessionOptions?, Microsoft.Extensions.Logging.ILogger?)"/>
/// throws) from the first member used.
/// </summary>
internal sealed class BackgroundSamSession : ISamSession
{
    private readonly Task<ISamSession> _loading;
    private int _disposed;

    /// <summary>Starts <paramref name="load"/> on the thread pool.</summary>
    public BackgroundSamSession(Func<ISamSession> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        _loading = Task.Run(load);
    }

    // GetResult rethrows the load's own exception, not an AggregateException.
    private ISamSession Session => _loading.GetAwaiter().GetResult();

    public SamModelInfo Model => Session.Model;

    public long EncoderRuns => Session.EncoderRuns;

    public long DecoderRuns => Session.DecoderRuns;

    public SamSessionStatistics Statistics => Session.Statistics;

    public async ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default) =>
        await (await _loading.WaitAsync(cancellationToken).ConfigureAwait(false)).GetEmbeddingAsync(encoderInput, cancellationToken).ConfigureAwait(false);

    public async ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        await (await _loading.WaitAsync(cancellationToken).ConfigureAwait(false)).DecodeAsync(embedding, prompt, destination, cancellationToken).ConfigureAwait(false);

    public async ValueTask DecodeWindowAsync(SamEmbedding embedding, ChipPrompt prompt, PixelWindow window, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        await (await _loading.WaitAsync(cancellationToken).ConfigureAwait(false)).DecodeWindowAsync(embedding, prompt, window, destination, cancellationToken).ConfigureAwait(false);

    public async ValueTask DecodePointsAsync(SamEmbedding embedding, ReadOnlyMemory<float> points, int pointsPerBatch, SamPointMaskHandler onMask,
        bool releaseMemoryAfter = false, CancellationToken cancellationToken = default) =>
        await (await _loading.WaitAsync(cancellationToken).ConfigureAwait(false)).DecodePointsAsync(embedding, points, pointsPerBatch, onMask, releaseMemoryAfter, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Waits for the load and disposes what it made; a load that failed has nothing to dispose, and its error stays observed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _loading.GetAwaiter().GetResult().Dispose();
        }
        catch (Exception) when (_loading.IsFaulted || _loading.IsCanceled)
        {
        }
    }
}

using SegmentS2.Prompts;
using SegmentS2.Raster;

namespace SegmentS2.Sam;

/// <summary>
/// A loaded SAM encoder and decoder pair. Encodes chips into image embeddings (cached by chip
/// content) and decodes prompts against an embedding into a binary mask. Thread-safe.
/// </summary>
public interface ISamSession : IDisposable
{
    /// <summary>What the loaded models expect and produce.</summary>
    SamModelInfo Model { get; }

    /// <summary>
    /// Returns the embedding of one chip, running the encoder only when the cache does not hold it.
    /// </summary>
    /// <param name="encoderInput">The chip's encoder tensor, in <see cref="SamModelInfo.EncoderLayout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait; a running encoder call completes first.</param>
    ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decodes one prompt group against an embedding: runs every decoder call, ORs the masks
    /// (logit &gt; 0), and cuts the result to the group's box when it has one.
    /// </summary>
    /// <param name="embedding">The chip's embedding.</param>
    /// <param name="prompt">The group's prompts in chip coordinates.</param>
    /// <param name="destination">The chip-sized mask, <see cref="SamEmbedding.ChipHeight"/> x <see cref="SamEmbedding.ChipWidth"/> bytes row-major: receives 1 for foreground, 0 otherwise.</param>
    /// <param name="cancellationToken">Cancels between decoder calls.</param>
    ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decodes one prompt group like <see cref="DecodeAsync(SamEmbedding, ChipPrompt, Memory{byte}, CancellationToken)"/>,
    /// but keeps only <paramref name="window"/> of the chip: per-field work then scales with the field, not the chip.
    /// </summary>
    /// <param name="embedding">The chip's embedding.</param>
    /// <param name="prompt">The group's prompts in chip coordinates.</param>
    /// <param name="window">The part of the chip wanted, in chip pixels; must lie inside the chip.</param>
    /// <param name="destination">Window width x height bytes, row-major: 1 for foreground, 0 otherwise.</param>
    /// <param name="cancellationToken">Cancels between decoder calls.</param>
    async ValueTask DecodeWindowAsync(SamEmbedding embedding, ChipPrompt prompt, PixelWindow window, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        if (window.IsEmpty || !window.IsInside(embedding.ChipWidth, embedding.ChipHeight) || destination.Length != window.PixelCount)
        {
            throw new SamInputException($"The mask window {window} with {destination.Length} bytes does not fit chip '{embedding.ContentHash}' ({embedding.ChipHeight} x {embedding.ChipWidth}).");
        }

        int chipPixels = embedding.ChipHeight * embedding.ChipWidth;
        var full = System.Buffers.ArrayPool<byte>.Shared.Rent(chipPixels);
        try
        {
            await DecodeAsync(embedding, prompt, full.AsMemory(0, chipPixels), cancellationToken).ConfigureAwait(false);
            for (int r = 0; r < window.Height; r++)
            {
                full.AsSpan((window.Row + r) * embedding.ChipWidth + window.Col, window.Width).CopyTo(destination.Span.Slice(r * window.Width, window.Width));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(full);
        }
    }

    /// <summary>
    /// Decodes single foreground points, each its own prompt, against one embedding (automatic segmentation's point grid),
    /// <paramref name="pointsPerBatch"/> prompts per decoder call when the decoder takes a batch, and hands every mask's
    /// score and logits to <paramref name="onMask"/> in point order, on the calling thread, without thresholding them.
    /// </summary>
    /// <param name="embedding">The chip's embedding.</param>
    /// <param name="points">Interleaved (x, y) pairs in chip pixels.</param>
    /// <param name="pointsPerBatch">Prompts per decoder call; at least 1.</param>
    /// <param name="onMask">Receives each point's mask.</param>
    /// <param name="releaseMemoryAfter">Ask the decoder to give its working memory back after the last call (a batch of
    /// 1024 x 1024 masks holds hundreds of megabytes that the writing after the last chip does not need).</param>
    /// <param name="cancellationToken">Cancels between decoder calls.</param>
    /// <exception cref="NotSupportedException">The session cannot hand out logits.</exception>
    ValueTask DecodePointsAsync(SamEmbedding embedding, ReadOnlyMemory<float> points, int pointsPerBatch, SamPointMaskHandler onMask, bool releaseMemoryAfter = false,
        CancellationToken cancellationToken = default) =>
        ValueTask.FromException(new NotSupportedException($"{GetType().Name} does not decode point grids; automatic segmentation needs an {nameof(OnnxSamSession)}."));

    /// <summary>Encoder runs performed so far (cache hits excluded).</summary>
    long EncoderRuns { get; }

    /// <summary>Decoder runs performed so far.</summary>
    long DecoderRuns { get; }

    /// <summary>Model runs so far and the time spent inside ONNX Runtime's <c>Run</c> (a snapshot).</summary>
    SamSessionStatistics Statistics { get; }
}

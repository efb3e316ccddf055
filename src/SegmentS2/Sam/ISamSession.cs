using SegmentS2.Prompts;

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

    /// <summary>Encoder runs performed so far (cache hits excluded).</summary>
    long EncoderRuns { get; }

    /// <summary>Decoder runs performed so far.</summary>
    long DecoderRuns { get; }

    /// <summary>Model runs so far and the time spent inside ONNX Runtime's <c>Run</c> (a snapshot).</summary>
    SamSessionStatistics Statistics { get; }
}

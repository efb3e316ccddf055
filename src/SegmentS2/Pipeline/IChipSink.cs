using SegmentS2.Sam;

namespace SegmentS2.Pipeline;

/// <summary>
/// What a plan does with each chip the <see cref="ChipRunner"/> hands over, in plan order and one at a time: decode its
/// prompts against the embedding and keep the result (a scene mosaic, field rows, automatic segments).
/// </summary>
internal interface IChipSink
{
    /// <summary>A chip that was not encoded, and why.</summary>
    ValueTask SkippedAsync(ChipWork chip, ChipSkipReason reason, CancellationToken cancellationToken);

    /// <summary>
    /// A chip encoded: <paramref name="pixels"/> holds every band the raster was opened with over the chip's window, one
    /// plane (height x width, row-major) per band, valid until this call returns. <paramref name="releaseModelMemory"/> is
    /// true for the last chip with work of a run that asked to give the models' working memory back: a sink that runs the
    /// decoder in large batches asks for its arena to shrink after its last call.
    /// </summary>
    ValueTask EncodedAsync(ChipWork chip, SamEmbedding embedding, ReadOnlyMemory<float> pixels, bool releaseModelMemory, CancellationToken cancellationToken);
}

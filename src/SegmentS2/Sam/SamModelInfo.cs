namespace SegmentS2.Sam;

/// <summary>What a loaded SAM model pair expects and produces, detected from its metadata.</summary>
/// <param name="EncoderLayout">The encoder's input layout.</param>
/// <param name="EncoderInputName">The encoder's input name (<c>x</c> or <c>input_image</c>).</param>
/// <param name="ImageSize">The encoder's square input size (1024 for SAM).</param>
/// <param name="EmbeddingShape">Shape of <c>image_embeddings</c>, [1, 256, 64, 64] for SAM.</param>
/// <param name="ModelHash">
/// Hex SHA-256 of the encoder file and its external data files, in that order; keys the on-disk embedding cache.
/// </param>
public sealed record SamModelInfo(SamEncoderLayout EncoderLayout, string EncoderInputName, int ImageSize, IReadOnlyList<int> EmbeddingShape, string ModelHash)
{
    /// <summary>Whether one decoder call takes several prompts (a dynamic first axis on <c>point_coords</c>), as FarmVibes' and <c>tools/export-sam</c>'s exports do.</summary>
    public bool DecoderTakesPromptBatch { get; init; }
}

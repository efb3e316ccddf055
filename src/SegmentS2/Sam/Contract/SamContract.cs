namespace SegmentS2.Sam.Contract;

/// <summary>The detected contract of an encoder and decoder pair: everything the session needs to build its tensors.</summary>
/// <param name="EncoderLayout">The encoder's pixel layout.</param>
/// <param name="EncoderInputName">The encoder's input name.</param>
/// <param name="ImageSize">The encoder's square input size.</param>
/// <param name="EmbeddingShape">The embedding shape, batch 1.</param>
/// <param name="MaskInputHeight">Height of the decoder's <c>mask_input</c>.</param>
/// <param name="MaskInputWidth">Width of the decoder's <c>mask_input</c>.</param>
/// <param name="DecoderTakesPromptBatch">
/// Whether the decoder's <c>point_coords</c> and <c>point_labels</c> have a dynamic first axis, so that one call decodes
/// several prompts against one embedding (FarmVibes' export); otherwise each prompt is its own call.
/// </param>
internal sealed record SamContract(
    SamEncoderLayout EncoderLayout,
    string EncoderInputName,
    int ImageSize,
    int[] EmbeddingShape,
    int MaskInputHeight,
    int MaskInputWidth,
    bool DecoderTakesPromptBatch = false);

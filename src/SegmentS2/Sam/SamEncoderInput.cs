namespace SegmentS2.Sam;

/// <summary>
/// One chip's encoder tensor in the session's layout, plus a hash of its content that keys the
/// embedding cache. The caller owns <see cref="Tensor"/> (typically a pooled buffer); the encoder
/// reads it in place, without a copy.
/// </summary>
/// <param name="Tensor">
/// The tensor data, 3 x <see cref="SamModelInfo.ImageSize"/> x <see cref="SamModelInfo.ImageSize"/> floats:
/// NCHW normalised for <see cref="SamEncoderLayout.NchwNormalized"/>, HWC 0..255 for
/// <see cref="SamEncoderLayout.Hwc255"/>. A chip smaller or larger than the image size is resized so its
/// longest side equals the image size and padded at the bottom and right (SAM's <c>ResizeLongestSide</c>);
/// a 1024 x 1024 chip is used as it is.
/// </param>
/// <param name="Height">Chip height in pixels (the decoder's <c>orig_im_size</c>; masks come back at this size).</param>
/// <param name="Width">Chip width in pixels.</param>
/// <param name="ContentHash">Hash of the chip's pixels (letters, digits, '-' or '_'; up to 128); equal chips share an embedding.</param>
public sealed record SamEncoderInput(ReadOnlyMemory<float> Tensor, int Height, int Width, string ContentHash)
{
    /// <summary>
    /// A hint that no further chip follows this one soon (the last chip of a run): the session may hand the encoder's
    /// working memory back to the system after this run instead of keeping it for the next chip. ONNX Runtime's CPU
    /// arena otherwise keeps a ViT encoder's activations (about 2 GB for vit_b) until the session is disposed, under
    /// everything the caller does next; regrowing it costs the next run about as much as a first run. Default false.
    /// The workflow sets it when <c>SegmentS2Options.ReleaseEncoderMemoryAfterRun</c> is on.
    /// </summary>
    public bool ReleaseMemoryAfterEncode { get; init; }
}

namespace SegmentS2.Sam.Decoding;

/// <summary>How one window decode runs the decoder.</summary>
internal enum LowResolutionPath
{
    /// <summary>The full decoder and its <c>masks</c>.</summary>
    Off,

    /// <summary>The full decoder, asked for <c>low_res_masks</c> too, to check the low-resolution path against its <c>masks</c>.</summary>
    Check,

    /// <summary>The decoder's copy without <c>masks</c>; the window is upscaled from <c>low_res_masks</c>.</summary>
    On,
}

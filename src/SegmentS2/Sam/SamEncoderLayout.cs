namespace SegmentS2.Sam;

/// <summary>The pixel layout a SAM image encoder takes.</summary>
public enum SamEncoderLayout
{
    /// <summary>Input <c>x</c>: float32 [1, 3, 1024, 1024], already normalised with SAM's mean and std (segment-anything's export).</summary>
    NchwNormalized,

    /// <summary>Input <c>input_image</c>: float32 [H, W, 3] in 0..255; the graph normalises and pads.</summary>
    Hwc255,
}

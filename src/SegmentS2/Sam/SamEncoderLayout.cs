namespace SegmentS2.Sam;

/// <summary>The pixel layout a SAM image encoder takes.</summary>
public enum SamEncoderLayout
{
    /// <summary>
    /// Rank-4 input (<c>x</c> in segment-anything's and FarmVibes.AI's export, <c>input_image</c> in
    /// samexporter's without preprocessing): float32 [1, 3, 1024, 1024], already normalised with SAM's mean and std.
    /// </summary>
    NchwNormalized,

    /// <summary>Rank-3 input <c>input_image</c>: float32 [H, W, 3] in 0..255; the graph normalises and pads.</summary>
    Hwc255,
}

namespace SegmentS2.Tensors;

/// <summary>SAM's per-channel pixel statistics (RGB, 0..255 scale), as in segment-anything and the reference.</summary>
internal static class SamPixelNormalization
{
    /// <summary>Per-channel mean: 123.675, 116.28, 103.53.</summary>
    public static ReadOnlySpan<float> Mean => [123.675f, 116.28f, 103.53f];

    /// <summary>Per-channel standard deviation: 58.395, 57.12, 57.375.</summary>
    public static ReadOnlySpan<float> Std => [58.395f, 57.12f, 57.375f];
}

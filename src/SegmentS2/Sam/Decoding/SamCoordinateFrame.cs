namespace SegmentS2.Sam.Decoding;

/// <summary>
/// Maps chip pixel coordinates into the frame SAM's decoder takes prompts in: the chip resized so its
/// longest side equals the encoder's image size (segment-anything's <c>ResizeLongestSide.apply_coords</c>).
/// A chip of exactly the image size needs no mapping; coordinates then pass through bit for bit.
/// </summary>
internal readonly struct SamCoordinateFrame
{
    private readonly double scaleX;
    private readonly double scaleY;

    public SamCoordinateFrame(int chipHeight, int chipWidth, int imageSize)
    {
        IsIdentity = chipHeight == imageSize && chipWidth == imageSize;
        var scale = imageSize / (double)Math.Max(chipHeight, chipWidth);
        var resizedHeight = (int)(chipHeight * scale + 0.5);
        var resizedWidth = (int)(chipWidth * scale + 0.5);
        scaleX = resizedWidth / (double)chipWidth;
        scaleY = resizedHeight / (double)chipHeight;
    }

    public bool IsIdentity { get; }

    /// <summary>Writes the mapped interleaved (x, y) pairs of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public void Map(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i += 2)
        {
            destination[i] = (float)(source[i] * scaleX);
            destination[i + 1] = (float)(source[i + 1] * scaleY);
        }
    }
}

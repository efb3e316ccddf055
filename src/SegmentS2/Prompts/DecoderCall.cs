namespace SegmentS2.Prompts;

/// <summary>
/// The prompt tensors of one SAM decoder run, exactly as sent: <c>point_coords</c> [1, N, 2]
/// (x = column, y = row, chip coordinates) and <c>point_labels</c> [1, N] (1 foreground,
/// 0 background, 2 / 3 box corners, -1 padding).
/// </summary>
/// <param name="PointCoords">Interleaved x, y pairs; length 2N.</param>
/// <param name="PointLabels">Labels; length N.</param>
public sealed record DecoderCall(float[] PointCoords, float[] PointLabels)
{
    /// <summary>Number of prompt points N, padding and box corners included.</summary>
    public int PointCount => PointLabels.Length;
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace SegmentS2.Automatic;

/// <summary>
/// What the filters and the selection need from a mask's logits, read straight from the decoder's output: the stability
/// score, the foreground box and the box's bitmap. Nothing chip-sized is allocated for a mask, kept or not.
/// </summary>
internal static class MaskMeasure
{
    /// <summary>
    /// The reference's <c>calculate_stability_score</c>: pixels above +offset over pixels above -offset. An empty mask
    /// (no pixel above -offset) scores 0, where the reference divides 0 by 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Stability(ReadOnlySpan<float> logits, float offset)
    {
        long high = 0, low = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var hi = new Vector<float>(offset);
            var lo = new Vector<float>(-offset);
            var highCounts = Vector<int>.Zero;
            var lowCounts = Vector<int>.Zero;
            int block = 0;
            for (; i <= logits.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(logits[i..]);
                // Comparison masks are -1 where true.
                highCounts -= Vector.GreaterThan(v, hi);
                lowCounts -= Vector.GreaterThan(v, lo);
                if (++block == 1 << 20)
                {
                    high += Vector.Sum(highCounts);
                    low += Vector.Sum(lowCounts);
                    highCounts = lowCounts = Vector<int>.Zero;
                    block = 0;
                }
            }

            high += Vector.Sum(highCounts);
            low += Vector.Sum(lowCounts);
        }

        for (; i < logits.Length; i++)
        {
            high += logits[i] > offset ? 1 : 0;
            low += logits[i] > -offset ? 1 : 0;
        }

        return low == 0 ? 0f : (float)((double)high / low);
    }

    /// <summary>The reference's <c>mask_to_bbox</c>: inclusive bounds of the pixels whose logit is above 0; false when there are none.</summary>
    public static bool ForegroundBox(ReadOnlySpan<float> logits, int width, int height, out int x0, out int y0, out int x1, out int y1)
    {
        x0 = width;
        y0 = -1;
        x1 = -1;
        y1 = -1;
        for (int r = 0; r < height; r++)
        {
            var row = logits.Slice(r * width, width);
            int first = FirstAbove(row);
            if (first < 0)
            {
                continue;
            }

            if (y0 < 0)
            {
                y0 = r;
            }

            y1 = r;
            x0 = Math.Min(x0, first);
            x1 = Math.Max(x1, LastAbove(row));
        }

        return y0 >= 0;
    }

    /// <summary>
    /// Writes the box window's bitmap (1 where the logit is above 0 and the pixel is not nodata) into
    /// <paramref name="bitmap"/> and returns its foreground count.
    /// </summary>
    /// <param name="logits">The mask logits, <paramref name="width"/> wide.</param>
    /// <param name="width">Row length of <paramref name="logits"/> and <paramref name="nodata"/>.</param>
    /// <param name="nodata">1 where a pixel is nodata, same frame as the logits; empty when the chip has no nodata.</param>
    /// <param name="x0">Box left column.</param>
    /// <param name="y0">Box top row.</param>
    /// <param name="boxWidth">Box width.</param>
    /// <param name="boxHeight">Box height.</param>
    /// <param name="bitmap">boxWidth x boxHeight bytes.</param>
    public static long Bitmap(ReadOnlySpan<float> logits, int width, ReadOnlySpan<byte> nodata, int x0, int y0, int boxWidth, int boxHeight, Span<byte> bitmap)
    {
        long count = 0;
        for (int r = 0; r < boxHeight; r++)
        {
            var row = logits.Slice((y0 + r) * width + x0, boxWidth);
            var outRow = bitmap.Slice(r * boxWidth, boxWidth);
            var mask = nodata.IsEmpty ? default : nodata.Slice((y0 + r) * width + x0, boxWidth);
            for (int c = 0; c < boxWidth; c++)
            {
                byte v = row[c] > 0f && (mask.IsEmpty || mask[c] == 0) ? (byte)1 : (byte)0;
                outRow[c] = v;
                count += v;
            }
        }

        return count;
    }

    private static int FirstAbove(ReadOnlySpan<float> row)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= row.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                if (Vector.GreaterThanAny(new Vector<float>(row[i..]), Vector<float>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < row.Length; i++)
        {
            if (row[i] > 0f)
            {
                return i;
            }
        }

        return -1;
    }

    private static int LastAbove(ReadOnlySpan<float> row)
    {
        for (int i = row.Length - 1; i >= 0; i--)
        {
            if (row[i] > 0f)
            {
                return i;
            }
        }

        return -1;
    }
}

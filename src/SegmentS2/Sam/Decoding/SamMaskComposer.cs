using System.Runtime.Intrinsics;
using SegmentS2.Prompts;
using SegmentS2.Raster;

namespace SegmentS2.Sam.Decoding;

/// <summary>Turns decoder logits into the group's binary mask, as the reference does it.</summary>
internal static class SamMaskComposer
{
    /// <summary>
    /// Which of K masks to use, by segment-anything's <c>SamOnnxModel.select_masks</c> rule (the one its
    /// single-mask export bakes in): mask 0 when more than two prompt points are given (padding
    /// included), else the mask with the highest predicted IoU.
    /// </summary>
    public static int SelectMask(ReadOnlySpan<float> iouPredictions, int pointCount)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < iouPredictions.Length; k++)
        {
            var score = iouPredictions[k] + (k == 0 ? (pointCount - 2.5) * 1000.0 : 0.0);
            if (score > bestScore)
            {
                bestScore = score;
                best = k;
            }
        }

        return best;
    }

    /// <summary>Sets <paramref name="mask"/>[i] to 1 where <paramref name="logits"/>[i] &gt; 0, leaving pixels already set.</summary>
    public static void OrThresholded(ReadOnlySpan<float> logits, Span<byte> mask)
    {
        if (logits.Length != mask.Length)
        {
            throw new ArgumentException("Logits and mask differ in length.", nameof(mask));
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create((byte)1);
            for (; i <= logits.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                // Four float compares give 32 all-ones/zero lanes; narrowing keeps the order.
                var a = Vector256.GreaterThan(Vector256.Create(logits.Slice(i, 8)), Vector256<float>.Zero).AsInt32();
                var b = Vector256.GreaterThan(Vector256.Create(logits.Slice(i + 8, 8)), Vector256<float>.Zero).AsInt32();
                var c = Vector256.GreaterThan(Vector256.Create(logits.Slice(i + 16, 8)), Vector256<float>.Zero).AsInt32();
                var d = Vector256.GreaterThan(Vector256.Create(logits.Slice(i + 24, 8)), Vector256<float>.Zero).AsInt32();
                var bits = Vector256.Narrow(Vector256.Narrow(a, b), Vector256.Narrow(c, d)).AsByte() & one;
                var target = mask.Slice(i, Vector256<byte>.Count);
                (Vector256.Create((ReadOnlySpan<byte>)target) | bits).CopyTo(target);
            }
        }

        for (; i < logits.Length; i++)
        {
            if (logits[i] > 0f)
            {
                mask[i] = 1;
            }
        }
    }

    /// <summary>
    /// Clears every pixel outside the box, with the reference's bounds: rows
    /// <c>round(ymin)</c> .. <c>round(ymax)</c> and columns <c>round(xmin)</c> .. <c>round(xmax)</c>, end
    /// exclusive, rounding half to even (Python's <c>round</c>), clamped to the chip.
    /// </summary>
    public static void CutToBox(Span<byte> mask, int height, int width, PromptBox box) =>
        CutToBox(mask, height, width, box, new PixelWindow(0, 0, width, height));

    /// <summary>
    /// <see cref="CutToBox(Span{byte}, int, int, PromptBox)"/> for a mask that holds only <paramref name="window"/> of the
    /// <paramref name="height"/> x <paramref name="width"/> chip (window width x height bytes, row-major).
    /// </summary>
    public static void CutToBox(Span<byte> mask, int height, int width, PromptBox box, PixelWindow window)
    {
        // The box's rows and columns in chip pixels, then in the window's.
        var rowStart = Math.Clamp(RoundClamped(box.YMin, height) - window.Row, 0, window.Height);
        var rowEnd = Math.Clamp(RoundClamped(box.YMax, height) - window.Row, 0, window.Height);
        var colStart = Math.Clamp(RoundClamped(box.XMin, width) - window.Col, 0, window.Width);
        var colEnd = Math.Clamp(RoundClamped(box.XMax, width) - window.Col, 0, window.Width);
        if (rowEnd <= rowStart || colEnd <= colStart)
        {
            mask.Clear();
            return;
        }

        int w = window.Width;
        mask[..(rowStart * w)].Clear();
        mask[(rowEnd * w)..].Clear();
        for (var row = rowStart; row < rowEnd; row++)
        {
            var line = mask.Slice(row * w, w);
            line[..colStart].Clear();
            line[colEnd..].Clear();
        }
    }

    private static int RoundClamped(double value, int limit) =>
        (int)Math.Clamp(Math.Round(value, MidpointRounding.ToEven), 0, limit);
}

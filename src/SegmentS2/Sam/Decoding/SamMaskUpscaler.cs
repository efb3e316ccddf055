using System.Buffers;
using System.Numerics.Tensors;
using SegmentS2.Raster;

namespace SegmentS2.Sam.Decoding;

/// <summary>
/// SAM's <c>mask_postprocessing</c> for one window of the chip, from the decoder's <c>low_res_masks</c>: bilinear with
/// half-pixel centres (ONNX Resize, <c>linear</c>, <c>half_pixel</c>; PyTorch's <c>align_corners=False</c>) from L x L to
/// S x S, crop to the chip's extent in the prompt frame, bilinear to the chip. Both steps are separable, so each output
/// row and column is a fixed mix of at most three consecutive low-resolution rows and columns: a window of the mask
/// costs a few multiply-adds per pixel of the window, whatever the chip's size.
/// </summary>
internal static class SamMaskUpscaler
{
    /// <summary>
    /// Sets <paramref name="destination"/> (the window, row-major) to 1 where the upscaled logit is above 0, leaving
    /// pixels already set.
    /// </summary>
    /// <param name="lowRes">One mask's L x L logits.</param>
    /// <param name="lowResSize">L (256 for SAM).</param>
    /// <param name="imageSize">S, the encoder's input side (1024 for SAM).</param>
    /// <param name="chipHeight">The chip's height (<c>orig_im_size</c>).</param>
    /// <param name="chipWidth">The chip's width.</param>
    /// <param name="window">The part of the chip to compute.</param>
    /// <param name="destination">The window's mask.</param>
    public static void OrThresholded(ReadOnlySpan<float> lowRes, int lowResSize, int imageSize, int chipHeight, int chipWidth, PixelWindow window, Span<byte> destination)
    {
        if (lowRes.Length != lowResSize * lowResSize || lowResSize < 3)
        {
            throw new ArgumentException($"{lowRes.Length} low-resolution logits are not {lowResSize} x {lowResSize} (at least 3 x 3).", nameof(lowRes));
        }

        if (destination.Length != window.PixelCount)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the window {window} is {window.PixelCount} pixels.", nameof(destination));
        }

        // The crop as SAM's export computes it, in float: the chip's sides scaled so that the longer is S, rounded.
        var scale = (float)imageSize / Math.Max(chipHeight, chipWidth);
        var croppedHeight = (int)MathF.Floor(chipHeight * scale + 0.5f);
        var croppedWidth = (int)MathF.Floor(chipWidth * scale + 0.5f);
        var rows = ArrayPool<Tap>.Shared.Rent(window.Height);
        var cols = ArrayPool<Tap>.Shared.Rent(window.Width);
        float[]? mixed = null;
        float[]? line = null;
        try
        {
            for (var r = 0; r < window.Height; r++)
            {
                rows[r] = Tap.For(window.Row + r, chipHeight, croppedHeight, imageSize, lowResSize);
            }

            for (var c = 0; c < window.Width; c++)
            {
                cols[c] = Tap.For(window.Col + c, chipWidth, croppedWidth, imageSize, lowResSize);
            }

            // Each output pixel is a convex mix of its taps, so only pixels with a positive tap can be above 0: the window
            // shrinks to the rows and columns whose taps reach the positive low-resolution logits (a field's mask, not
            // its margin).
            if (PositiveBounds(lowRes, lowResSize, rows[0].First, rows[window.Height - 1].First + 2, cols[0].First, cols[window.Width - 1].First + 2) is not { } positive)
            {
                return;
            }

            var (r0, r1) = Reaching(rows.AsSpan(0, window.Height), positive.Row0, positive.Row1);
            var (c0, c1) = Reaching(cols.AsSpan(0, window.Width), positive.Col0, positive.Col1);
            var width = c1 - c0;

            // Columns first: each low-resolution row those output rows need, resampled to those output columns.
            var firstRow = rows[r0].First;
            var rowCount = rows[r1 - 1].First + 3 - firstRow;
            mixed = ArrayPool<float>.Shared.Rent(rowCount * width);
            for (var k = 0; k < rowCount; k++)
            {
                var source = lowRes.Slice((firstRow + k) * lowResSize, lowResSize);
                var target = mixed.AsSpan(k * width, width);
                for (var c = 0; c < width; c++)
                {
                    var tap = cols[c0 + c];
                    target[c] = tap.W0 * source[tap.First] + tap.W1 * source[tap.First + 1] + tap.W2 * source[tap.First + 2];
                }
            }

            // Then rows: three mixed rows per output row, vectorised along the row.
            line = ArrayPool<float>.Shared.Rent(width);
            var values = line.AsSpan(0, width);
            for (var r = r0; r < r1; r++)
            {
                var tap = rows[r];
                var at = (tap.First - firstRow) * width;
                TensorPrimitives.Multiply(mixed.AsSpan(at, width), tap.W0, values);
                TensorPrimitives.MultiplyAdd(mixed.AsSpan(at + width, width), tap.W1, values, values);
                TensorPrimitives.MultiplyAdd(mixed.AsSpan(at + 2 * width, width), tap.W2, values, values);
                SamMaskComposer.OrThresholded(values, destination.Slice(r * window.Width + c0, width));
            }
        }
        finally
        {
            ArrayPool<Tap>.Shared.Return(rows);
            ArrayPool<Tap>.Shared.Return(cols);
            if (mixed is not null)
            {
                ArrayPool<float>.Shared.Return(mixed);
            }

            if (line is not null)
            {
                ArrayPool<float>.Shared.Return(line);
            }
        }
    }

    // The bounds (inclusive) of the positive logits among low-resolution rows row0..row1 and columns col0..col1; null when none is.
    private static (int Row0, int Row1, int Col0, int Col1)? PositiveBounds(ReadOnlySpan<float> lowRes, int size, int row0, int row1, int col0, int col1)
    {
        int top = int.MaxValue, bottom = -1, left = int.MaxValue, right = -1;
        for (var r = row0; r <= row1; r++)
        {
            var row = lowRes.Slice(r * size + col0, col1 - col0 + 1);
            if (TensorPrimitives.Max(row) <= 0f)
            {
                continue;
            }

            (top, bottom) = (Math.Min(top, r), r);
            var first = 0;
            while (!(row[first] > 0f))
            {
                first++;
            }

            var last = row.Length - 1;
            while (!(row[last] > 0f))
            {
                last--;
            }

            (left, right) = (Math.Min(left, col0 + first), Math.Max(right, col0 + last));
        }

        return bottom < 0 ? null : (top, bottom, left, right);
    }

    // The output indexes [start, end) whose taps reach low-resolution indexes low..high (taps move forward with the index).
    private static (int Start, int End) Reaching(ReadOnlySpan<Tap> taps, int low, int high)
    {
        var start = 0;
        while (start < taps.Length && taps[start].First + 2 < low)
        {
            start++;
        }

        var end = taps.Length;
        while (end > start && taps[end - 1].First > high)
        {
            end--;
        }

        return (start, end);
    }

    // One output index's weights on low-resolution indices First, First + 1 and First + 2.
    private readonly record struct Tap(int First, float W0, float W1, float W2)
    {
        public static Tap For(int index, int outputSize, int croppedSize, int imageSize, int lowResSize)
        {
            // Second resize: the cropped S-frame axis (croppedSize) to the chip's (outputSize).
            var (a, b, t) = Source(index, croppedSize, outputSize);
            // First resize: L to S, at the two S-frame indices the second one reads.
            var (a0, a1, u) = Source(a, lowResSize, imageSize);
            var (b0, b1, v) = Source(b, lowResSize, imageSize);
            var first = Math.Min(a0, lowResSize - 3);
            Span<double> w = stackalloc double[3];
            w[a0 - first] += (1 - t) * (1 - u);
            w[a1 - first] += (1 - t) * u;
            w[b0 - first] += t * (1 - v);
            w[b1 - first] += t * v;
            return new Tap(first, (float)w[0], (float)w[1], (float)w[2]);
        }

        // ONNX Resize, linear, half_pixel: the output index's position in the input, clamped to it, as two indices and the
        // second's weight.
        private static (int First, int Second, double Weight) Source(int index, int inputSize, int outputSize)
        {
            var position = Math.Clamp((index + 0.5) * inputSize / outputSize - 0.5, 0, inputSize - 1);
            var first = (int)position;
            var second = Math.Min(first + 1, inputSize - 1);
            return (first, second, position - first);
        }
    }
}

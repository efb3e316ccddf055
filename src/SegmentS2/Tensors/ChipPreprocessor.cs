using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SegmentS2.Tensors;

/// <summary>
/// Turns a chip's band planes into SAM encoder input with SIMD (<see cref="TensorPrimitives"/>), following the
/// reference: <c>value * scale + offset</c>, clip to [0, 1], x 255, then per channel <c>(x - mean) / std</c>.
/// Span in, span out, no allocation: the caller owns (and may pool) the destination.
/// </summary>
/// <remarks>
/// NaN after scaling counts as out of range and becomes 0, like nodata (the reference would pass NaN to the encoder);
/// +/- infinity clips to 1 / 0.
/// </remarks>
public static class ChipPreprocessor
{
    // Small blocks keep each channel's intermediate values in L1 between the vector passes.
    private const int BlockSize = 2048;

    /// <summary>
    /// Writes the normalised NCHW tensor [1, 3, H, W] that SAM's <c>x</c> encoder input takes.
    /// </summary>
    /// <param name="planes">Band-sequential samples: 3 planes (R, G, B) or 1 plane used for all three channels.</param>
    /// <param name="bandCount">1 or 3.</param>
    /// <param name="scale">Per-channel scale: 1 value for all channels, or 3.</param>
    /// <param name="offset">Per-channel offset: 1 value for all channels, or 3.</param>
    /// <param name="destination">3 x H x W floats (channel planes).</param>
    /// <returns>How many scaled values were outside [0, 1] (or NaN) and clipped; the reference warns when this is not 0.</returns>
    public static long ToNormalizedNchw(ReadOnlySpan<float> planes, int bandCount, ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, Span<float> destination)
    {
        int pixels = CheckArguments(planes, bandCount, scale, offset, destination);
        Span<float> scaled = stackalloc float[BlockSize];
        Span<float> offsets = stackalloc float[BlockSize];
        Span<float> biases = stackalloc float[BlockSize];
        long clipped = 0;
        for (int c = 0; c < 3; c++)
        {
            var source = planes.Slice(bandCount == 1 ? 0 : c * pixels, pixels);
            var target = destination.Slice(c * pixels, pixels);
            float s = scale[scale.Length == 1 ? 0 : c];
            // (x * 255 - mean) / std folded into one multiply-add: x * (255 / std) + (-mean / std).
            float a = 255f / SamPixelNormalization.Std[c];
            offsets.Fill(offset[offset.Length == 1 ? 0 : c]);
            biases.Fill(-SamPixelNormalization.Mean[c] / SamPixelNormalization.Std[c]);
            for (int start = 0; start < pixels; start += BlockSize)
            {
                int n = Math.Min(BlockSize, pixels - start);
                var dst = target.Slice(start, n);
                clipped += ScaleAndClip(source.Slice(start, n), s, offsets[..n], scaled[..n], dst);
                TensorPrimitives.MultiplyAdd(dst, a, biases[..n], dst);
            }
        }

        return clipped;
    }

    /// <summary>
    /// Writes the HWC float tensor [H, W, 3] in 0..255 (scaled and clipped, not normalised) that SAM exports with an
    /// <c>input_image</c> input take; they normalise inside the graph.
    /// </summary>
    /// <inheritdoc cref="ToNormalizedNchw" path="/param"/>
    /// <inheritdoc cref="ToNormalizedNchw" path="/returns"/>
    public static long ToHwc255(ReadOnlySpan<float> planes, int bandCount, ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, Span<float> destination)
    {
        int pixels = CheckArguments(planes, bandCount, scale, offset, destination);
        const int block = BlockSize / 2;
        Span<float> scaled = stackalloc float[block];
        Span<float> offsets = stackalloc float[3 * block];
        Span<float> channels = stackalloc float[3 * block];
        for (int c = 0; c < 3; c++)
        {
            offsets.Slice(c * block, block).Fill(offset[offset.Length == 1 ? 0 : c]);
        }

        long clipped = 0;
        for (int start = 0; start < pixels; start += block)
        {
            int n = Math.Min(block, pixels - start);
            for (int c = 0; c < 3; c++)
            {
                var source = planes.Slice((bandCount == 1 ? 0 : c * pixels) + start, n);
                var channel = channels.Slice(c * block, n);
                clipped += ScaleAndClip(source, scale[scale.Length == 1 ? 0 : c], offsets.Slice(c * block, n), scaled[..n], channel);
                TensorPrimitives.Multiply(channel, 255f, channel);
            }

            var r = channels.Slice(0, n);
            var g = channels.Slice(block, n);
            var bl = channels.Slice(2 * block, n);
            var dst = destination.Slice(3 * start, 3 * n);
            for (int i = 0; i < n; i++)
            {
                dst[3 * i] = r[i];
                dst[3 * i + 1] = g[i];
                dst[3 * i + 2] = bl[i];
            }
        }

        return clipped;
    }

    /// <summary>dst = clamp(src * s + addend, 0, 1) with NaN to 0; returns how many values changed (were outside [0, 1]).</summary>
    private static long ScaleAndClip(ReadOnlySpan<float> src, float s, ReadOnlySpan<float> addend, Span<float> scaled, Span<float> dst)
    {
        TensorPrimitives.MultiplyAdd(src, s, addend, scaled);
        long outside = CountOutsideUnitInterval(scaled);
        // MaxNumber/MinNumber return the number when the other operand is NaN, so NaN becomes 0.
        TensorPrimitives.MaxNumber(scaled, 0f, dst);
        TensorPrimitives.MinNumber(dst, 1f, dst);
        return outside;
    }

    /// <summary>Values that are not in [0, 1]; NaN counts, since both comparisons fail for it.</summary>
    private static int CountOutsideUnitInterval(ReadOnlySpan<float> values)
    {
        int i = 0, inside = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var zero = Vector<float>.Zero;
            var one = Vector<float>.One;
            var counts = Vector<int>.Zero;
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            foreach (var v in vectors)
            {
                // Comparison masks are all ones (-1) where true, so subtracting counts the hits per lane.
                counts -= Vector.GreaterThanOrEqual(v, zero) & Vector.LessThanOrEqual(v, one);
            }

            inside = Vector.Sum(counts);
            i = vectors.Length * Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            if (values[i] >= 0f && values[i] <= 1f)
            {
                inside++;
            }
        }

        return values.Length - inside;
    }

    private static int CheckArguments(ReadOnlySpan<float> planes, int bandCount, ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, Span<float> destination)
    {
        if (bandCount is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(bandCount), bandCount, "A chip has 1 band (replicated to 3 channels) or 3 bands.");
        }

        if (planes.Length % bandCount != 0)
        {
            throw new ArgumentException($"{planes.Length} samples do not split into {bandCount} equal band planes.", nameof(planes));
        }

        if (scale.Length is not (1 or 3) || offset.Length is not (1 or 3))
        {
            throw new ArgumentException($"Scale and offset take 1 or 3 values, not {scale.Length} and {offset.Length}.", nameof(scale));
        }

        int pixels = planes.Length / bandCount;
        if (destination.Length != 3 * pixels)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; 3 channels of {pixels} pixels need {3L * pixels}.", nameof(destination));
        }

        return pixels;
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SegmentS2.Tensors;

/// <summary>
/// Turns a chip's band planes into SAM encoder input with SIMD (one fused <see cref="Vector{T}"/> pass per channel), following the
/// reference: <c>value * scale + offset</c>, clip to [0, 1], x 255, then per channel <c>(x - mean) / std</c>.
/// Span in, span out, no allocation: the caller owns (and may pool) the destination.
/// </summary>
/// <remarks>
/// NaN after scaling counts as out of range and becomes 0, like nodata (the reference would pass NaN to the encoder);
/// +/- infinity clips to 1 / 0.
/// </remarks>
public static class ChipPreprocessor
{
    // The HWC path scales each channel of a block, then interleaves the block: small enough to stay in L1.
    private const int BlockSize = 1024;

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
        long clipped = 0;
        for (int c = 0; c < 3; c++)
        {
            // (x * 255 - mean) / std folded into one multiply-add: x * (255 / std) + (-mean / std).
            float a = 255f / SamPixelNormalization.Std[c];
            float b = -SamPixelNormalization.Mean[c] / SamPixelNormalization.Std[c];
            clipped += ScaleClipAffine(
                planes.Slice(bandCount == 1 ? 0 : c * pixels, pixels), scale[scale.Length == 1 ? 0 : c], offset[offset.Length == 1 ? 0 : c],
                a, b, destination.Slice(c * pixels, pixels));
        }

        return clipped;
    }

    /// <summary>
    /// Writes the HWC float tensor [H, W, 3] in 0..255 (scaled and clipped, not normalised) that SAM exports with an
    /// <c>input_image</c> input take; they normalise inside the graph.
    /// </summary>
    /// <inheritdoc cref="ToNormalizedNchw" path="/param"/>
    /// <inheritdoc cref="ToNormalizedNchw" path="/returns"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long ToHwc255(ReadOnlySpan<float> planes, int bandCount, ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, Span<float> destination)
    {
        int pixels = CheckArguments(planes, bandCount, scale, offset, destination);
        Span<float> channels = stackalloc float[3 * BlockSize];
        long clipped = 0;
        for (int start = 0; start < pixels; start += BlockSize)
        {
            int n = Math.Min(BlockSize, pixels - start);
            for (int c = 0; c < 3; c++)
            {
                var source = planes.Slice((bandCount == 1 ? 0 : c * pixels) + start, n);
                clipped += ScaleClipAffine(source, scale[scale.Length == 1 ? 0 : c], offset[offset.Length == 1 ? 0 : c], 255f, 0f, channels.Slice(c * BlockSize, n));
            }

            var r = channels.Slice(0, n);
            var g = channels.Slice(BlockSize, n);
            var bl = channels.Slice(2 * BlockSize, n);
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

    /// <summary>
    /// dst = clip(src * s + o, 0, 1) * a + b in one pass, NaN taken as 0; returns how many values were outside [0, 1] (or NaN).
    /// </summary>
    /// <remarks>
    /// Runs once per chip over millions of values, so it is compiled fully optimised from the first call:
    /// at tier 0 it would be about ten times slower for the first few dozen chips of a process.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ScaleClipAffine(ReadOnlySpan<float> src, float s, float o, float a, float b, Span<float> dst)
    {
        int i = 0, inside = 0;
        if (Vector.IsHardwareAccelerated && src.Length >= Vector<float>.Count)
        {
            var vs = new Vector<float>(s);
            var vo = new Vector<float>(o);
            var va = new Vector<float>(a);
            var vb = new Vector<float>(b);
            var one = Vector<float>.One;
            var counts = Vector<int>.Zero;
            ref float source = ref MemoryMarshal.GetReference(src);
            ref float target = ref MemoryMarshal.GetReference(dst);
            for (int last = src.Length - Vector<float>.Count; i <= last; i += Vector<float>.Count)
            {
                var v = Vector.LoadUnsafe(ref source, (nuint)i) * vs + vo;
                // Both comparisons fail for NaN; lanes outside [0, 1] become 0, or 1 above it.
                var within = Vector.GreaterThanOrEqual(v, Vector<float>.Zero) & Vector.LessThanOrEqual(v, one);
                var clipped = Vector.ConditionalSelect(within, v, Vector.ConditionalSelect(Vector.GreaterThan(v, one), one, Vector<float>.Zero));
                (clipped * va + vb).StoreUnsafe(ref target, (nuint)i);
                // Comparison masks are all ones (-1) where true, so subtracting counts the hits per lane.
                counts -= within;
            }

            inside = Vector.Sum(counts);
        }

        for (; i < src.Length; i++)
        {
            float v = src[i] * s + o;
            bool within = v >= 0f && v <= 1f;
            inside += within ? 1 : 0;
            dst[i] = (within ? v : v > 1f ? 1f : 0f) * a + b;
        }

        return src.Length - inside;
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

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SegmentS2.GeoTiff.Predictors;

/// <summary>
/// TIFF predictor 2 (horizontal differencing): each sample is stored as the difference from the same
/// band's sample one pixel to the left, in wrapping integer arithmetic of the sample's width.
/// <see cref="Decode"/> undoes it (reader); <see cref="Encode{T}"/> applies it (writer).
/// </summary>
/// <remarks>
/// Single-band rows are a running sum; with SIMD it is computed a vector at a time (a log-step
/// prefix sum inside the vector plus the carry from the previous one), else one sample at a time.
/// The prefix sums run once per row, too briefly for on-stack replacement, and unoptimised vector
/// shuffles are many times slower, so they are compiled fully optimised from the first call.
/// </remarks>
internal static class HorizontalPredictor
{
    /// <summary>
    /// Accumulates every row of <paramref name="block"/> in place. Samples must already be in this
    /// machine's byte order.
    /// </summary>
    /// <param name="block">Decoded block, <paramref name="rows"/> rows of <paramref name="samplesPerRow"/> samples.</param>
    /// <param name="rows">Rows in the block.</param>
    /// <param name="samplesPerRow">Samples in one row (pixels times interleaved bands).</param>
    /// <param name="stride">Samples per pixel in the row: the bands interleaved, or 1 for a separate plane.</param>
    /// <param name="bytesPerSample">1, 2, 4 or 8.</param>
    public static void Decode(Span<byte> block, int rows, int samplesPerRow, int stride, int bytesPerSample)
    {
        int rowBytes = samplesPerRow * bytesPerSample;
        for (int r = 0; r < rows; r++)
        {
            Span<byte> row = block.Slice(r * rowBytes, rowBytes);
            switch (bytesPerSample)
            {
                case 1:
                    Accumulate(row, stride);
                    break;
                case 2:
                    Accumulate(MemoryMarshal.Cast<byte, ushort>(row), stride);
                    break;
                case 4:
                    Accumulate(MemoryMarshal.Cast<byte, uint>(row), stride);
                    break;
                default:
                    AccumulateScalar(MemoryMarshal.Cast<byte, ulong>(row), stride);
                    break;
            }
        }
    }

    // Single-band rows of 8, 16 and 32-bit samples take the vector prefix sum when the row holds at least two vectors.
    private static void Accumulate(Span<byte> row, int stride)
    {
        if (stride == 1 && Vector128.IsHardwareAccelerated && row.Length >= 2 * Vector128<byte>.Count)
        {
            PrefixSum(row);
        }
        else
        {
            AccumulateScalar(row, stride);
        }
    }

    private static void Accumulate(Span<ushort> row, int stride)
    {
        if (stride == 1 && Vector128.IsHardwareAccelerated && row.Length >= 2 * Vector128<ushort>.Count)
        {
            PrefixSum(row);
        }
        else
        {
            AccumulateScalar(row, stride);
        }
    }

    private static void Accumulate(Span<uint> row, int stride)
    {
        if (stride == 1 && Vector128.IsHardwareAccelerated && row.Length >= 2 * Vector128<uint>.Count)
        {
            PrefixSum(row);
        }
        else
        {
            AccumulateScalar(row, stride);
        }
    }

    // Each sample plus the same band's sample one pixel to the left, in wrapping arithmetic.
    private static void AccumulateScalar<T>(Span<T> row, int stride)
        where T : unmanaged, System.Numerics.IAdditionOperators<T, T, T>
    {
        for (int i = stride; i < row.Length; i++)
        {
            row[i] += row[i - stride];
        }
    }

    // In-place inclusive prefix sums, a vector at a time (wrapping): shifted copies of the vector
    // (zeros shifted in, from out-of-range shuffle indices) are added in log steps, then the carry,
    // the previous vector's last element. The scalar loop finishes the row.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PrefixSum(Span<byte> row)
    {
        ref byte start = ref MemoryMarshal.GetReference(row);
        Vector128<byte> carry = Vector128<byte>.Zero;
        int i = 0;
        for (; i <= row.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
        {
            Vector128<byte> v = Vector128.LoadUnsafe(ref start, (nuint)i);
            v += Vector128.Shuffle(v, Vector128.Create((byte)16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
            v += Vector128.Shuffle(v, Vector128.Create((byte)16, 16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13));
            v += Vector128.Shuffle(v, Vector128.Create((byte)16, 16, 16, 16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
            v += Vector128.Shuffle(v, Vector128.Create((byte)16, 16, 16, 16, 16, 16, 16, 16, 0, 1, 2, 3, 4, 5, 6, 7));
            v += carry;
            v.StoreUnsafe(ref start, (nuint)i);
            carry = Vector128.Shuffle(v, Vector128.Create((byte)15));
        }

        // The scalar tail continues from the last vectorised sample.
        AccumulateScalar(row[(i - 1)..], 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PrefixSum(Span<ushort> row)
    {
        ref ushort start = ref MemoryMarshal.GetReference(row);
        Vector128<ushort> carry = Vector128<ushort>.Zero;
        int i = 0;
        for (; i <= row.Length - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
        {
            Vector128<ushort> v = Vector128.LoadUnsafe(ref start, (nuint)i);
            v += Vector128.Shuffle(v, Vector128.Create((ushort)8, 0, 1, 2, 3, 4, 5, 6));
            v += Vector128.Shuffle(v, Vector128.Create((ushort)8, 8, 0, 1, 2, 3, 4, 5));
            v += Vector128.Shuffle(v, Vector128.Create((ushort)8, 8, 8, 8, 0, 1, 2, 3));
            v += carry;
            v.StoreUnsafe(ref start, (nuint)i);
            carry = Vector128.Shuffle(v, Vector128.Create((ushort)7));
        }

        // The scalar tail continues from the last vectorised sample.
        AccumulateScalar(row[(i - 1)..], 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PrefixSum(Span<uint> row)
    {
        ref uint start = ref MemoryMarshal.GetReference(row);
        Vector128<uint> carry = Vector128<uint>.Zero;
        int i = 0;
        for (; i <= row.Length - Vector128<uint>.Count; i += Vector128<uint>.Count)
        {
            Vector128<uint> v = Vector128.LoadUnsafe(ref start, (nuint)i);
            v += Vector128.Shuffle(v, Vector128.Create(4u, 0, 1, 2));
            v += Vector128.Shuffle(v, Vector128.Create(4u, 4, 0, 1));
            v += carry;
            v.StoreUnsafe(ref start, (nuint)i);
            carry = Vector128.Shuffle(v, Vector128.Create(3u));
        }

        // The scalar tail continues from the last vectorised sample.
        AccumulateScalar(row[(i - 1)..], 1);
    }

    /// <summary>
    /// Writes the differences of one row of one band (stride 1) to <paramref name="destination"/>
    /// (same length, no overlap). Two's complement makes signed and unsigned samples of one width
    /// difference alike, so only the width matters.
    /// </summary>
    public static void Encode<T>(ReadOnlySpan<T> source, Span<T> destination) where T : unmanaged
    {
        if (source.IsEmpty)
        {
            return;
        }

        switch (System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            case 1:
                Difference(MemoryMarshal.AsBytes(source), MemoryMarshal.AsBytes(destination));
                break;
            case 2:
                Difference(MemoryMarshal.Cast<T, ushort>(source), MemoryMarshal.Cast<T, ushort>(destination));
                break;
            case 4:
                Difference(MemoryMarshal.Cast<T, uint>(source), MemoryMarshal.Cast<T, uint>(destination));
                break;
            case 8:
                Difference(MemoryMarshal.Cast<T, ulong>(source), MemoryMarshal.Cast<T, ulong>(destination));
                break;
            default:
                throw new NotSupportedException($"No horizontal predictor for {typeof(T).Name}.");
        }
    }

    // A vector of differences at a time: sample i minus sample i - 1, read as two overlapping loads. Not
    // TensorPrimitives: its generic Subtract lives in another assembly, so a JIT or ReadyToRun process runs it
    // unoptimised for its first calls, which made the predictor a third of writing an s2_raster. Fully optimised from
    // the first call, as the prefix sums are.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Difference<TInt>(ReadOnlySpan<TInt> s, Span<TInt> d)
        where TInt : unmanaged, System.Numerics.ISubtractionOperators<TInt, TInt, TInt>
    {
        d = d[..s.Length];
        d[0] = s[0];
        int i = 1;
        if (Vector128.IsHardwareAccelerated && s.Length > Vector128<TInt>.Count)
        {
            ref TInt source = ref MemoryMarshal.GetReference(s);
            ref TInt destination = ref MemoryMarshal.GetReference(d);
            for (; i <= s.Length - Vector128<TInt>.Count; i += Vector128<TInt>.Count)
            {
                (Vector128.LoadUnsafe(ref source, (nuint)i) - Vector128.LoadUnsafe(ref source, (nuint)(i - 1))).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        for (; i < s.Length; i++)
        {
            d[i] = s[i] - s[i - 1];
        }
    }
}

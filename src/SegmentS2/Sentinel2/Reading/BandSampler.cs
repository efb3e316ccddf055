using System.Numerics;
using System.Runtime.CompilerServices;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// Writes file pixels into a grid window, only where the window still holds nodata (0), so that the
/// first file in mosaic order wins and later files fill its nodata. Nearest keeps DNs exact;
/// bilinear averages the valid (non-zero) of the four neighbours with renormalised weights.
/// </summary>
/// <remarks>
/// The same-grid helpers run thousands of times per chip over one row each, too short for on-stack
/// replacement to lift them out of tier 0, so they are compiled fully optimised from the first call.
/// </remarks>
internal static class BandSampler
{
    /// <summary>Same-CRS case: separable axis maps; <paramref name="source"/> covers file columns cols.Min..cols.Max and rows rows.Min..rows.Max.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sample(ReadOnlySpan<ushort> source, AxisMap cols, AxisMap rows, bool bilinear, Span<float> destination, int width)
    {
        int srcWidth = cols.Max - cols.Min + 1;
        int height = rows.Index0.Length;
        // Nearest with the file on the grid's own pixel size: window columns c0..c0+run-1 read consecutive file columns.
        var (c0, run) = bilinear ? (0, 0) : ConsecutiveRun(cols);
        for (int r = 0; r < height; r++)
        {
            int sr0 = rows.Index0[r];
            if (sr0 < 0)
            {
                continue;
            }

            var dest = destination.Slice(r * width, width);
            var row0 = source.Slice((sr0 - rows.Min) * srcWidth, srcWidth);
            if (run > 0 && dest.Slice(c0, run).IndexOfAnyExcept(0f) < 0)
            {
                // Nothing of an earlier file to keep in this run: convert it whole.
                Widen(row0.Slice(cols.Index0[c0] - cols.Min, run), dest.Slice(c0, run));
                FillNearest(row0, cols, dest, 0, c0);
                FillNearest(row0, cols, dest, c0 + run, width);
                continue;
            }

            if (!bilinear)
            {
                FillNearest(row0, cols, dest, 0, width);
                continue;
            }

            var row1 = source.Slice((rows.Index1[r] - rows.Min) * srcWidth, srcWidth);
            float wy = rows.Weight1[r];
            for (int c = 0; c < width; c++)
            {
                int sc0 = cols.Index0[c];
                if (sc0 < 0 || dest[c] != 0)
                {
                    continue;
                }

                int a = sc0 - cols.Min, b = cols.Index1[c] - cols.Min;
                float wx = cols.Weight1[c];
                dest[c] = Blend(row0[a], row0[b], row1[a], row1[b], wx, wy);
            }
        }
    }

    /// <summary>
    /// Reprojection case: <paramref name="map"/> gives each window pixel's fractional file position;
    /// <paramref name="source"/> covers file columns col0.. (srcWidth wide) and rows row0.. (srcHeight high).
    /// </summary>
    public static void Sample(ReadOnlySpan<ushort> source, int col0, int row0, int srcWidth, int srcHeight,
        int fileWidth, int fileHeight, ReprojectionMap map, bool bilinear, Span<float> destination)
    {
        int n = map.Count;
        for (int k = 0; k < n; k++)
        {
            double u = map.U[k], v = map.V[k];
            if (!(u >= 0 && u < fileWidth && v >= 0 && v < fileHeight) || destination[k] != 0)
            {
                continue;
            }

            if (!bilinear)
            {
                int sc = (int)u - col0, sr = (int)v - row0;
                if ((uint)sc < (uint)srcWidth && (uint)sr < (uint)srcHeight)
                {
                    destination[k] = source[sr * srcWidth + sc];
                }

                continue;
            }

            double s = u - 0.5, t = v - 0.5;
            int a = (int)Math.Floor(s), b = (int)Math.Floor(t);
            float wx = (float)(s - a), wy = (float)(t - b);
            int a0 = Math.Clamp(a, 0, fileWidth - 1) - col0, a1 = Math.Clamp(a + 1, 0, fileWidth - 1) - col0;
            int b0 = Math.Clamp(b, 0, fileHeight - 1) - row0, b1 = Math.Clamp(b + 1, 0, fileHeight - 1) - row0;
            if ((uint)a0 >= (uint)srcWidth || (uint)a1 >= (uint)srcWidth || (uint)b0 >= (uint)srcHeight || (uint)b1 >= (uint)srcHeight)
            {
                continue;
            }

            destination[k] = Blend(source[b0 * srcWidth + a0], source[b0 * srcWidth + a1], source[b1 * srcWidth + a0], source[b1 * srcWidth + a1], wx, wy);
        }
    }

    /// <summary>Nearest: window columns from..to-1 still at nodata take their file column's DN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillNearest(ReadOnlySpan<ushort> row, AxisMap cols, Span<float> dest, int from, int to)
    {
        for (int c = from; c < to; c++)
        {
            int sc = cols.Index0[c];
            if (sc >= 0 && dest[c] == 0)
            {
                dest[c] = row[sc - cols.Min];
            }
        }
    }

    /// <summary>
    /// The first window column with a file column and how many columns from there map to consecutive file
    /// columns; 0 when that run is too short to be worth a vector pass (a 20 m band on the 10 m grid repeats columns).
    /// </summary>
    private static (int Start, int Length) ConsecutiveRun(AxisMap cols)
    {
        var index = cols.Index0;
        int start = Array.FindIndex(index, i => i >= 0);
        if (start < 0)
        {
            return (0, 0);
        }

        int end = start + 1;
        while (end < index.Length && index[end] == index[end - 1] + 1)
        {
            end++;
        }

        return end - start >= 2 * Vector<ushort>.Count ? (start, end - start) : (0, 0);
    }

    /// <summary>destination[i] = source[i], UInt16 to Float32, a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                Vector.Widen(new Vector<ushort>(source[i..]), out var low, out var high);
                Vector.ConvertToSingle(Vector.AsVectorInt32(low)).CopyTo(destination[i..]);
                Vector.ConvertToSingle(Vector.AsVectorInt32(high)).CopyTo(destination[(i + Vector<uint>.Count)..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>Bilinear blend of four DNs, leaving out nodata (0) neighbours; 0 when all four are nodata.</summary>
    internal static float Blend(ushort v00, ushort v01, ushort v10, ushort v11, float wx, float wy)
    {
        float w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
        float sum = 0, weight = 0;
        if (v00 != 0) { sum += w00 * v00; weight += w00; }
        if (v01 != 0) { sum += w01 * v01; weight += w01; }
        if (v10 != 0) { sum += w10 * v10; weight += w10; }
        if (v11 != 0) { sum += w11 * v11; weight += w11; }
        return weight > 0 ? sum / weight : 0;
    }
}

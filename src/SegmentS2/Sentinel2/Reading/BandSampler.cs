namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// Writes file pixels into a grid window, only where the window still holds nodata (0), so that the
/// first file in mosaic order wins and later files fill its nodata. Nearest keeps DNs exact;
/// bilinear averages the valid (non-zero) of the four neighbours with renormalised weights.
/// </summary>
internal static class BandSampler
{
    /// <summary>Same-CRS case: separable axis maps; <paramref name="source"/> covers file columns cols.Min..cols.Max and rows rows.Min..rows.Max.</summary>
    public static void Sample(ReadOnlySpan<ushort> source, AxisMap cols, AxisMap rows, bool bilinear, Span<float> destination, int width)
    {
        int srcWidth = cols.Max - cols.Min + 1;
        int height = rows.Index0.Length;
        for (int r = 0; r < height; r++)
        {
            int sr0 = rows.Index0[r];
            if (sr0 < 0)
            {
                continue;
            }

            var dest = destination.Slice(r * width, width);
            var row0 = source.Slice((sr0 - rows.Min) * srcWidth, srcWidth);
            if (!bilinear)
            {
                for (int c = 0; c < width; c++)
                {
                    int sc = cols.Index0[c];
                    if (sc >= 0 && dest[c] == 0)
                    {
                        dest[c] = row0[sc - cols.Min];
                    }
                }

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

namespace SegmentS2.GeoTiff.Compression.LibTiff;

/// <summary>
/// Converts the decoded planes of a YCbCr JPEG block (full-resolution luma, subsampled chroma) to
/// interleaved RGB exactly as libjpeg-turbo does when GDAL reads YCbCr JPEG: "fancy" (triangle-filter) chroma upsampling for 2x1 and 2x2
/// subsampling, sample replication otherwise, and libjpeg's fixed-point YCbCr to RGB conversion.
/// LibJpeg.NET (a port of IJG libjpeg 9) would upsample chroma in the DCT domain instead, which
/// differs from GDAL by up to about 20 levels at chroma edges, so the conversion is done here.
/// </summary>
internal static class YCbCrToRgb
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = new int[256];
    private static readonly int[] CbToB = new int[256];
    private static readonly int[] CrToG = new int[256];
    private static readonly int[] CbToG = new int[256];

#pragma warning disable CA1810 // the tables are libjpeg's build_ycc_rgb_table
    static YCbCrToRgb()
#pragma warning restore CA1810
    {
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            CrToR[i] = (Fix(1.40200) * x + OneHalf) >> ScaleBits;
            CbToB[i] = (Fix(1.77200) * x + OneHalf) >> ScaleBits;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = -Fix(0.34414) * x + OneHalf;
        }
    }

    /// <summary>
    /// Converts decoded JPEG planes into <paramref name="height"/> rows of <paramref name="width"/> RGB
    /// pixels, <paramref name="rgbRowBytes"/> apart in <paramref name="rgb"/>.
    /// </summary>
    /// <param name="y">Luma, full resolution, rows <paramref name="yStride"/> apart.</param>
    /// <param name="yStride">Bytes between luma rows.</param>
    /// <param name="cb">Cb, subsampled: <paramref name="ch"/> rows of <paramref name="cw"/> samples, <paramref name="cStride"/> apart.</param>
    /// <param name="cr">Cr, laid out as <paramref name="cb"/>.</param>
    /// <param name="cStride">Bytes between chroma rows.</param>
    /// <param name="cw">Chroma columns: the width divided by <paramref name="h"/>, rounded up.</param>
    /// <param name="ch">Chroma rows: the height divided by <paramref name="v"/>, rounded up.</param>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="h">Horizontal subsampling (1, 2 or 4).</param>
    /// <param name="v">Vertical subsampling (1, 2 or 4).</param>
    /// <param name="rgb">Output.</param>
    /// <param name="rgbRowBytes">Bytes between output rows.</param>
    public static void Convert(
        ReadOnlySpan<byte> y, int yStride, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, int cStride, int cw, int ch,
        int width, int height, int h, int v, Span<byte> rgb, int rgbRowBytes)
    {
        int upWidth = cw * h;
        var cbRow = new byte[upWidth];
        var crRow = new byte[upWidth];
        for (int row = 0; row < height; row++)
        {
            UpsampleRow(cb, cStride, cw, ch, h, v, row, cbRow);
            UpsampleRow(cr, cStride, cw, ch, h, v, row, crRow);
            ReadOnlySpan<byte> luma = y.Slice(row * yStride, width);
            Span<byte> target = rgb.Slice(row * rgbRowBytes, width * 3);
            for (int col = 0; col < width; col++)
            {
                int l = luma[col];
                int b = cbRow[col], r = crRow[col];
                target[col * 3] = Clamp(l + CrToR[r]);
                target[col * 3 + 1] = Clamp(l + ((CbToG[b] + CrToG[r]) >> ScaleBits));
                target[col * 3 + 2] = Clamp(l + CbToB[b]);
            }
        }
    }

    /// <summary>One output row of an upsampled chroma plane (libjpeg-turbo's jdsample.c).</summary>
    private static void UpsampleRow(ReadOnlySpan<byte> plane, int stride, int cw, int ch, int h, int v, int row, Span<byte> output)
    {
        int inRow = row / v;
        ReadOnlySpan<byte> near = plane.Slice(inRow * stride, cw);
        if (h == 2 && v == 2 && cw > 2)
        {
            // h2v2_fancy_upsample: the nearer row weighs 3, the other 1 (the edge rows repeat themselves), then 3:1 across columns.
            int otherRow = row % 2 == 0 ? Math.Max(inRow - 1, 0) : Math.Min(inRow + 1, ch - 1);
            ReadOnlySpan<byte> far = plane.Slice(otherRow * stride, cw);
            int thisSum = near[0] * 3 + far[0];
            int nextSum = near[1] * 3 + far[1];
            output[0] = (byte)((thisSum * 4 + 8) >> 4);
            output[1] = (byte)((thisSum * 3 + nextSum + 7) >> 4);
            int lastSum = thisSum;
            thisSum = nextSum;
            int o = 2;
            for (int c = 2; c < cw; c++)
            {
                nextSum = near[c] * 3 + far[c];
                output[o++] = (byte)((thisSum * 3 + lastSum + 8) >> 4);
                output[o++] = (byte)((thisSum * 3 + nextSum + 7) >> 4);
                lastSum = thisSum;
                thisSum = nextSum;
            }

            output[o++] = (byte)((thisSum * 3 + lastSum + 8) >> 4);
            output[o] = (byte)((thisSum * 4 + 7) >> 4);
        }
        else if (h == 2 && v == 1 && cw > 2)
        {
            // h2v1_fancy_upsample.
            output[0] = near[0];
            output[1] = (byte)((near[0] * 3 + near[1] + 2) >> 2);
            int o = 2;
            for (int c = 1; c < cw - 1; c++)
            {
                int value = near[c] * 3;
                output[o++] = (byte)((value + near[c - 1] + 1) >> 2);
                output[o++] = (byte)((value + near[c + 1] + 2) >> 2);
            }

            output[o++] = (byte)((near[cw - 1] * 3 + near[cw - 2] + 1) >> 2);
            output[o] = near[cw - 1];
        }
        else
        {
            // Sample replication (h2v1/h2v2 of two columns or fewer, 4x subsampling, no subsampling).
            for (int c = 0; c < cw; c++)
            {
                output.Slice(c * h, h).Fill(near[c]);
            }
        }
    }

    private static int Fix(double x) => (int)(x * (1 << ScaleBits) + 0.5);

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}

using SegmentS2.Raster;

namespace SegmentS2.Tensors;

/// <summary>
/// Bilinear resampling of one plane with half-pixel centres (PyTorch's <c>interpolate(mode="bilinear",
/// align_corners=False)</c> without antialiasing): how a crop is enlarged to the encoder's size.
/// </summary>
internal static class BilinearResize
{
    /// <summary>Resamples <paramref name="window"/> of <paramref name="source"/> (rows of <paramref name="sourceWidth"/>) to <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static void Resize(ReadOnlySpan<float> source, int sourceWidth, PixelWindow window, Span<float> destination, int width, int height)
    {
        double sx = window.Width / (double)width, sy = window.Height / (double)height;
        for (int y = 0; y < height; y++)
        {
            double fy = Math.Clamp((y + 0.5) * sy - 0.5, 0, window.Height - 1);
            int y0 = (int)fy;
            int y1 = Math.Min(y0 + 1, window.Height - 1);
            float wy = (float)(fy - y0);
            var row0 = source.Slice((window.Row + y0) * sourceWidth + window.Col, window.Width);
            var row1 = source.Slice((window.Row + y1) * sourceWidth + window.Col, window.Width);
            var output = destination.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                double fx = Math.Clamp((x + 0.5) * sx - 0.5, 0, window.Width - 1);
                int x0 = (int)fx;
                int x1 = Math.Min(x0 + 1, window.Width - 1);
                float wx = (float)(fx - x0);
                float top = row0[x0] + (row0[x1] - row0[x0]) * wx;
                float bottom = row1[x0] + (row1[x1] - row1[x0]) * wx;
                output[x] = top + (bottom - top) * wy;
            }
        }
    }
}

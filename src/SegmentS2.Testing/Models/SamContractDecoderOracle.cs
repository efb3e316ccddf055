namespace SegmentS2.Testing.Models;

/// <summary>
/// What the SAM-contract decoder of <see cref="SamContractModelBuilder"/> returns, computed in double precision straight
/// from its definition, pixel by pixel, without ONNX Runtime: the low-resolution logits, then SAM's
/// <c>mask_postprocessing</c> (bilinear with half-pixel centres to S x S, crop, bilinear to the chip). Tests compare masks
/// with it, leaving out near-ties (|logit| under <see cref="NearTie"/>, where float and double may round apart).
/// </summary>
public static class SamContractDecoderOracle
{
    /// <summary>Logits closer to 0 than this are near-ties: their sign may differ between float and double.</summary>
    public const double NearTie = 1e-3;

    /// <summary>
    /// The decoder's <c>masks</c> logits for one prompt on a chip of <paramref name="height"/> x <paramref name="width"/>,
    /// row-major. <paramref name="points"/> are in the decoder's prompt frame (the chip's pixels scaled by S / max(H, W)).
    /// </summary>
    public static double[] Logits(int height, int width, IReadOnlyList<(double X, double Y, float Label)> points, SamContractModelOptions? options = null) =>
        Logits(height, width, points, 0, 0, width, height, options);

    /// <summary>
    /// The logits of <see cref="Logits(int, int, IReadOnlyList{ValueTuple{double, double, float}}, SamContractModelOptions?)"/> in the
    /// window of <paramref name="windowWidth"/> x <paramref name="windowHeight"/> pixels at (<paramref name="windowCol"/>, <paramref name="windowRow"/>) of the chip, row-major.
    /// </summary>
    public static double[] Logits(int height, int width, IReadOnlyList<(double X, double Y, float Label)> points, int windowCol, int windowRow, int windowWidth, int windowHeight,
        SamContractModelOptions? options = null)
    {
        options ??= new SamContractModelOptions();
        return Upscale(LowResolutionLogits(points, options), options.ImageSize, height, width, windowCol, windowRow, windowWidth, windowHeight);
    }

    /// <summary>
    /// SAM's <c>mask_postprocessing</c> of one L x L grid of low-resolution logits, pixel by pixel in double precision:
    /// bilinear with half-pixel centres to <paramref name="imageSize"/> squared, crop to the chip's extent in that frame
    /// (round(H x S / max(H, W)), likewise W), bilinear to <paramref name="height"/> x <paramref name="width"/>; only the
    /// given window of the result, row-major.
    /// </summary>
    public static double[] Upscale(double[,] lowRes, int imageSize, int height, int width, int windowCol, int windowRow, int windowWidth, int windowHeight)
    {
        var size = imageSize;
        var lowResSize = lowRes.GetLength(0);
        var low = lowRes;
        // The crop: the chip's extent in the prompt frame, computed in float as the graph does.
        var scale = (float)size / Math.Max(height, width);
        var croppedHeight = (int)Math.Floor(height * scale + 0.5f);
        var croppedWidth = (int)Math.Floor(width * scale + 0.5f);

        var logits = new double[windowHeight * windowWidth];
        for (var r = windowRow; r < windowRow + windowHeight; r++)
        {
            var (y0, y1, wy) = Source(r, croppedHeight, height);
            for (var c = windowCol; c < windowCol + windowWidth; c++)
            {
                var (x0, x1, wx) = Source(c, croppedWidth, width);
                double Upscaled(int y, int x)
                {
                    var (ly0, ly1, lwy) = Source(y, lowResSize, size);
                    var (lx0, lx1, lwx) = Source(x, lowResSize, size);
                    return Lerp(Lerp(low[ly0, lx0], low[ly0, lx1], lwx), Lerp(low[ly1, lx0], low[ly1, lx1], lwx), lwy);
                }

                logits[(r - windowRow) * windowWidth + c - windowCol] = Lerp(Lerp(Upscaled(y0, x0), Upscaled(y0, x1), wx), Lerp(Upscaled(y1, x0), Upscaled(y1, x1), wx), wy);
            }
        }

        return logits;
    }

    /// <summary>The mask (1 where the logit is above 0) and the number of near-tie pixels in it.</summary>
    public static (byte[] Mask, int NearTies) Mask(int height, int width, IReadOnlyList<(double X, double Y, float Label)> points, SamContractModelOptions? options = null)
    {
        var logits = Logits(height, width, points, options);
        var mask = new byte[logits.Length];
        var nearTies = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            mask[i] = logits[i] > 0 ? (byte)1 : (byte)0;
            nearTies += Math.Abs(logits[i]) < NearTie ? 1 : 0;
        }

        return (mask, nearTies);
    }

    /// <summary>Whether pixel <paramref name="index"/> of <paramref name="actual"/> agrees with the oracle's logits, or is a near-tie.</summary>
    public static bool Agrees(double[] logits, int index, byte actual) =>
        Math.Abs(logits[index]) < NearTie || (logits[index] > 0) == (actual != 0);

    private static double[,] LowResolutionLogits(IReadOnlyList<(double X, double Y, float Label)> points, SamContractModelOptions options)
    {
        var lowRes = 4 * options.EmbeddingSize;
        var step = (double)options.ImageSize / lowRes;
        (double X, double Y)? foreground = null, topLeft = null, bottomRight = null;
        foreach (var p in points)
        {
            if (p.Label == 1 && foreground is null)
            {
                foreground = (p.X, p.Y);
            }
            else if (p.Label == 2)
            {
                topLeft = (p.X, p.Y);
            }
            else if (p.Label == 3)
            {
                bottomRight = (p.X, p.Y);
            }
        }

        var radius = (double)options.DiscRadius;
        var low = new double[lowRes, lowRes];
        for (var i = 0; i < lowRes; i++)
        {
            var y = (i + 0.5) * step - 0.5;
            for (var j = 0; j < lowRes; j++)
            {
                var x = (j + 0.5) * step - 0.5;
                low[i, j] = foreground is { } f ? radius * radius - ((x - f.X) * (x - f.X) + (y - f.Y) * (y - f.Y))
                    : topLeft is { } a && bottomRight is { } b ? Math.Min(Math.Min(x - a.X, b.X - x), Math.Min(y - a.Y, b.Y - y))
                    : -1;
            }
        }

        return low;
    }

    // Bilinear resampling with half-pixel centres, as ONNX Resize (linear, half_pixel): the two source indices and the
    // weight of the second, for output index i of an axis resized from inputSize to outputSize.
    private static (int First, int Second, double Weight) Source(int i, int inputSize, int outputSize)
    {
        var position = Math.Clamp((i + 0.5) * inputSize / outputSize - 0.5, 0, inputSize - 1);
        var first = (int)Math.Floor(position);
        var second = Math.Min(first + 1, inputSize - 1);
        return (first, second, position - first);
    }

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}

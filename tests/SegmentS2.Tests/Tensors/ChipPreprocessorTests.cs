using SegmentS2.Tensors;

namespace SegmentS2.Tests.Tensors;

/// <summary>The SIMD preprocessing against a plain scalar transcription of the reference's steps, in double precision.</summary>
public class ChipPreprocessorTests
{
    private static readonly double[] Mean = [123.675, 116.28, 103.53];
    private static readonly double[] Std = [58.395, 57.12, 57.375];

    /// <summary>Reference: chip * scale + offset; clip(0, 1); * 255; (x - mean) / std. NaN taken as 0 (our decision).</summary>
    private static (double[] Nchw, double[] Hwc, long Clipped) Scalar(float[] planes, int bands, float[] scale, float[] offset)
    {
        int pixels = planes.Length / bands;
        var nchw = new double[3 * pixels];
        var hwc = new double[3 * pixels];
        long clipped = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int p = 0; p < pixels; p++)
            {
                double v = planes[(bands == 1 ? 0 : c) * pixels + p] * (double)scale[scale.Length == 1 ? 0 : c] + offset[offset.Length == 1 ? 0 : c];
                if (double.IsNaN(v) || v < 0 || v > 1)
                {
                    clipped++;
                }

                double clip = double.IsNaN(v) ? 0 : Math.Clamp(v, 0, 1);
                hwc[3 * p + c] = clip * 255.0;
                nchw[c * pixels + p] = (clip * 255.0 - Mean[c]) / Std[c];
            }
        }

        return (nchw, hwc, clipped);
    }

    private static float[] RandomPlanes(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            // Sentinel-2-like digital numbers, some beyond reflectance 1 after scaling by 1e-4, and a few oddities.
            values[i] = (i % 97) switch
            {
                0 => float.NaN,
                1 => float.PositiveInfinity,
                2 => float.NegativeInfinity,
                3 => -250f,
                _ => (float)(random.NextDouble() * 13000),
            };
        }

        return values;
    }

    [Theory]
    [InlineData(3, 1000)] // odd size: vector tails
    [InlineData(3, 64 * 64)]
    [InlineData(1, 2500)] // one band replicated
    [InlineData(3, 5000)] // several blocks
    public void Nchw_equals_the_scalar_reference_within_1e_5(int bands, int pixels)
    {
        var planes = RandomPlanes(bands * pixels, 42 + pixels);
        float[] scale = bands == 1 ? [1e-4f] : [1e-4f, 1.1e-4f, 0.9e-4f];
        float[] offset = [-0.1f];
        var expected = Scalar(planes, bands, scale, offset);
        var actual = new float[3 * pixels];
        long clipped = ChipPreprocessor.ToNormalizedNchw(planes, bands, scale, offset, actual);
        Assert.Equal(expected.Clipped, clipped);
        Assert.True(clipped > 0);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected.Nchw[i]) <= 1e-5, $"element {i}: {actual[i]} vs {expected.Nchw[i]}");
        }
    }

    [Theory]
    [InlineData(3, 1000)]
    [InlineData(1, 3000)]
    public void Hwc_equals_the_scalar_reference(int bands, int pixels)
    {
        var planes = RandomPlanes(bands * pixels, 7);
        float[] scale = [1e-4f];
        float[] offset = [0f, 0.01f, -0.02f];
        var expected = Scalar(planes, bands, scale, offset);
        var actual = new float[3 * pixels];
        long clipped = ChipPreprocessor.ToHwc255(planes, bands, scale, offset, actual);
        Assert.Equal(expected.Clipped, clipped);
        for (int i = 0; i < actual.Length; i++)
        {
            // 0..255 scale: float32 relative precision.
            Assert.True(Math.Abs(actual[i] - expected.Hwc[i]) <= 1e-4, $"element {i}: {actual[i]} vs {expected.Hwc[i]}");
        }
    }

    [Fact]
    public void Nan_becomes_black_and_counts_as_clipped()
    {
        float[] planes = [float.NaN, 0.5f, 2f];
        var nchw = new float[9];
        Assert.Equal(6, ChipPreprocessor.ToNormalizedNchw(planes, 1, [1f], [0f], nchw));
        // Channel 0: NaN -> 0 -> (0 - 123.675) / 58.395; 0.5 -> 127.5; 2 -> 255.
        Assert.Equal(-123.675 / 58.395, nchw[0], 5);
        Assert.Equal((127.5 - 123.675) / 58.395, nchw[1], 5);
        Assert.Equal((255 - 103.53) / 57.375, nchw[8], 5);
    }

    [Fact]
    public void Values_inside_zero_to_one_are_not_counted()
    {
        float[] planes = [0f, 1f, 0.25f, -0f];
        Assert.Equal(0, ChipPreprocessor.ToNormalizedNchw(planes, 1, [1f], [0f], new float[12]));
    }

    [Fact]
    public void Mismatched_buffers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ChipPreprocessor.ToNormalizedNchw(new float[12], 3, [1f], [0f], new float[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChipPreprocessor.ToNormalizedNchw(new float[12], 2, [1f], [0f], new float[18]));
        Assert.Throws<ArgumentException>(() => ChipPreprocessor.ToHwc255(new float[12], 3, [1f, 2f], [0f], new float[12]));
    }
}

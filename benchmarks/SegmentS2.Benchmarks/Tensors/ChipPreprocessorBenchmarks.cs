using BenchmarkDotNet.Attributes;
using SegmentS2.Tensors;

namespace SegmentS2.Benchmarks.Tensors;

/// <summary>One 1024 x 1024 RGB chip to SAM's normalised NCHW input: SIMD (TensorPrimitives) against a scalar loop.</summary>
[MemoryDiagnoser]
public class ChipPreprocessorBenchmarks
{
    private const int Pixels = 1024 * 1024;
    private static readonly float[] Scale = [1e-4f];
    private static readonly float[] Offset = [0f];
    private float[] _planes = [];
    private float[] _destination = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _planes = new float[3 * Pixels];
        for (int i = 0; i < _planes.Length; i++)
        {
            _planes[i] = random.Next(0, 12000);
        }

        _destination = new float[3 * Pixels];
    }

    /// <summary>The reference's steps, one pixel at a time.</summary>
    [Benchmark(Baseline = true)]
    public long ScalarLoop()
    {
        ReadOnlySpan<float> mean = SamPixelNormalization.Mean, std = SamPixelNormalization.Std;
        long clipped = 0;
        for (int c = 0; c < 3; c++)
        {
            var source = _planes.AsSpan(c * Pixels, Pixels);
            var target = _destination.AsSpan(c * Pixels, Pixels);
            float m = mean[c], s = std[c];
            for (int i = 0; i < source.Length; i++)
            {
                float v = source[i] * Scale[0] + Offset[0];
                if (!(v >= 0f && v <= 1f))
                {
                    clipped++;
                    v = v > 1f ? 1f : 0f;
                }

                target[i] = (v * 255f - m) / s;
            }
        }

        return clipped;
    }

    /// <summary>The library's vectorised path.</summary>
    [Benchmark]
    public long Simd() => ChipPreprocessor.ToNormalizedNchw(_planes, 3, Scale, Offset, _destination);

    /// <summary>The HWC 0..255 layout for encoders that normalise in-graph.</summary>
    [Benchmark]
    public long SimdHwc() => ChipPreprocessor.ToHwc255(_planes, 3, Scale, Offset, _destination);

    /// <summary>The embedding cache key of one chip tensor.</summary>
    [Benchmark]
    public UInt128 Hash() => ChipHash.Compute(_destination);
}

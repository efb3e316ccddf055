using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using SegmentS2.Tensors;

namespace SegmentS2.Benchmarks.Tensors;

/// <summary>
/// One 1024 x 1024 RGB chip to SAM's normalised NCHW input: the library's fused <see cref="System.Numerics.Vector{T}"/> pass
/// against the same steps as <see cref="TensorPrimitives"/> calls and against a scalar loop.
/// </summary>
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

        // Both vectorised versions must give the library's answer, bit for bit, before either is timed.
        long fusedClipped = Simd();
        var fused = _destination.ToArray();
        long primitivesClipped = TensorPrimitivesNchw();
        if (fusedClipped != primitivesClipped || !fused.AsSpan().SequenceEqual(_destination))
        {
            throw new InvalidOperationException($"TensorPrimitivesNchw differs from ChipPreprocessor ({primitivesClipped} vs {fusedClipped} clipped).");
        }
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

    /// <summary>
    /// The same result with <see cref="TensorPrimitives"/> only, per 2048-value block (L1-resident): scale and offset
    /// (<c>Multiply</c>, <c>Add</c>: <c>MultiplyAdd</c> has no scalar-scalar overload), clip with NaN to 0 (<c>MaxNumber</c>,
    /// <c>MinNumber</c>), count clipped values (<c>HammingDistance</c> of the scaled and clipped blocks), normalise
    /// (<c>Multiply</c>, <c>Add</c>): seven passes over the block.
    /// </summary>
    [Benchmark]
    public long TensorPrimitivesNchw()
    {
        const int Block = 2048;
        Span<float> scaled = stackalloc float[Block];
        long clipped = 0;
        for (int c = 0; c < 3; c++)
        {
            float a = 255f / SamPixelNormalization.Std[c];
            float b = -SamPixelNormalization.Mean[c] / SamPixelNormalization.Std[c];
            var source = _planes.AsSpan(c * Pixels, Pixels);
            var target = _destination.AsSpan(c * Pixels, Pixels);
            for (int start = 0; start < Pixels; start += Block)
            {
                int n = Math.Min(Block, Pixels - start);
                var v = scaled[..n];
                var d = target.Slice(start, n);
                TensorPrimitives.Multiply(source.Slice(start, n), Scale[0], v);
                TensorPrimitives.Add(v, Offset[0], v);
                TensorPrimitives.MaxNumber(v, 0f, d);
                TensorPrimitives.MinNumber(d, 1f, d);
                clipped += TensorPrimitives.HammingDistance<float>(v, d);
                TensorPrimitives.Multiply(d, a, d);
                TensorPrimitives.Add(d, b, d);
            }
        }

        return clipped;
    }

    /// <summary>The library's fused <see cref="System.Numerics.Vector{T}"/> pass.</summary>
    [Benchmark]
    public long Simd() => ChipPreprocessor.ToNormalizedNchw(_planes, 3, Scale, Offset, _destination);

    /// <summary>The HWC 0..255 layout for encoders that normalise in-graph.</summary>
    [Benchmark]
    public long SimdHwc() => ChipPreprocessor.ToHwc255(_planes, 3, Scale, Offset, _destination);

    /// <summary>The embedding cache key of one chip tensor.</summary>
    [Benchmark]
    public UInt128 Hash() => ChipHash.Compute(_destination);
}

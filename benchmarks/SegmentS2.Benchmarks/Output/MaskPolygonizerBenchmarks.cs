using BenchmarkDotNet.Attributes;
using NetTopologySuite.Geometries;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Output;
using SegmentS2.Raster;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Benchmarks.Output;

/// <summary>
/// Vectorising a 1024 x 1024 mask shaped like SAM output over fields: 24 slightly rotated field blobs
/// (60 to 220 px) with wavy edges, a third of them with a hole, and 200 specks of 1 to 3 px, about a third
/// of the chip in the foreground. <c>MaskPolygonizer.Polygonize</c> traces the 4-connected regions, keeps
/// holes, and builds NTS polygons in map coordinates.
/// The second mask is fragmented like a real SAM mask (<see cref="SyntheticMask.Fragmented"/>, seed 7: 40 % foreground in 117
/// regions with 132 holes, islands in holes, ragged 1-pixel edges); the setup also writes it as a GeoTIFF to
/// <see cref="FragmentedMaskPath"/> so that <c>gdal_polygonize_timing.py</c> times GDAL on the same pixels.
/// </summary>
[MemoryDiagnoser]
public class MaskPolygonizerBenchmarks
{
    private const int Size = 1024;
    private static readonly GeoTransform Transform = new(600000, 10, 0, 5000040, 0, -10);
    private readonly byte[] _mask = new byte[Size * Size];
    private byte[] _fragmented = [];

    /// <summary>Where the setup writes the fragmented mask (Byte GeoTIFF, EPSG:32633, 10 m pixels) for GDAL.</summary>
    public static string FragmentedMaskPath { get; } = Path.Combine(Path.GetTempPath(), "segments2-benchmarks", "fragmented_mask_1024.tif");

    [GlobalSetup]
    public void Setup()
    {
        _fragmented = SyntheticMask.Fragmented(Size, Size, seed: 7);
        Directory.CreateDirectory(Path.GetDirectoryName(FragmentedMaskPath)!);
        GeoTiffWriter.WriteAsync<byte>(FragmentedMaskPath, Size, Size, 1, _fragmented, new GeoTiffWriteOptions { Epsg = 32633, GeoTransform = Transform })
            .GetAwaiter().GetResult();

        var rng = new Random(7);
        for (int k = 0; k < 24; k++)
        {
            double cx = rng.Next(100, Size - 100), cy = rng.Next(100, Size - 100);
            double halfW = rng.Next(30, 110), halfH = rng.Next(30, 110), angle = rng.NextDouble() * 0.6 - 0.3, phase = rng.NextDouble() * 10;
            bool hole = k % 3 == 0;
            double holeRadius = Math.Min(halfW, halfH) * 0.3;
            double cos = Math.Cos(angle), sin = Math.Sin(angle), reach = Math.Sqrt(halfW * halfW + halfH * halfH) + 4;
            for (int y = (int)Math.Max(0, cy - reach); y < Math.Min(Size, cy + reach); y++)
            {
                for (int x = (int)Math.Max(0, cx - reach); x < Math.Min(Size, cx + reach); x++)
                {
                    double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
                    double wave = 2.5 * Math.Sin(x / 7.0 + phase) + 2.0 * Math.Sin(y / 5.0 - phase);
                    bool inside = Math.Abs(u) < halfW + wave && Math.Abs(v) < halfH + wave;
                    bool inHole = hole && (u - halfW * 0.2) * (u - halfW * 0.2) + v * v < holeRadius * holeRadius;
                    if (inside && !inHole)
                    {
                        _mask[y * Size + x] = 1;
                    }
                }
            }
        }

        for (int s = 0; s < 200; s++)
        {
            int x = rng.Next(Size - 3), y = rng.Next(Size - 3), w = rng.Next(1, 4), h = rng.Next(1, 4);
            for (int r = y; r < y + h; r++)
            {
                _mask.AsSpan(r * Size + x, w).Fill(1);
            }
        }
    }

    [Benchmark(Description = "Polygonize 1024x1024 field mask")]
    public IReadOnlyList<Polygon> Polygonize() => MaskPolygonizer.Polygonize(_mask, Size, Size, Transform);

    [Benchmark(Description = "Polygonize 1024x1024 fragmented SAM-like mask")]
    public IReadOnlyList<Polygon> PolygonizeFragmented() => MaskPolygonizer.Polygonize(_fragmented, Size, Size, Transform);
}

using BenchmarkDotNet.Attributes;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;

namespace SegmentS2.Benchmarks.GeoTiff;

/// <summary>
/// Writing a 4096 x 4096 UInt16 image (imagery-like: smooth gradients plus noise) as a 512-pixel tiled
/// GeoTIFF: DEFLATE level 6 + horizontal predictor (GDAL's defaults), ZSTD level 9, and a DEFLATE COG
/// with overviews; one thread and all cores. Throughput = 32 MiB of pixels / mean time.
/// </summary>
[MemoryDiagnoser]
public class GeoTiffWriterBenchmarks
{
    private const int Size = 4096;
    private ushort[] _pixels = [];
    private string _dir = "";

    [Params(1, -1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("segments2-bench-write-").FullName;
        _pixels = new ushort[Size * Size];
        var random = new Random(1);
        for (int r = 0; r < Size; r++)
        {
            for (int c = 0; c < Size; c++)
            {
                _pixels[r * Size + c] = (ushort)(1500 + 900 * Math.Sin(c / 53.0) * Math.Cos(r / 41.0) + random.Next(0, 200));
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Baseline = true)]
    public Task Deflate() => Write(GeoTiffWriteCompression.Deflate, cog: false);

    [Benchmark]
    public Task Zstd() => Write(GeoTiffWriteCompression.Zstd, cog: false);

    [Benchmark]
    public Task DeflateCog() => Write(GeoTiffWriteCompression.Deflate, cog: true);

    private Task Write(GeoTiffWriteCompression compression, bool cog) =>
        GeoTiffWriter.WriteAsync<ushort>(Path.Combine(_dir, $"{compression}-{cog}.tif"), Size, Size, 1, _pixels, new GeoTiffWriteOptions
        {
            Epsg = 32629,
            GeoTransform = new GeoTransform(300000, 10, 0, 3400000, 0, -10),
            Compression = compression,
            Cog = cog,
            MaxDegreeOfParallelism = Threads,
        });
}

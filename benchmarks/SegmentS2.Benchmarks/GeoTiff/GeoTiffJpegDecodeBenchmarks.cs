using BenchmarkDotNet.Attributes;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;

namespace SegmentS2.Benchmarks.GeoTiff;

/// <summary>
/// The JPEG fallback decoder (LibJpeg.NET raw planes + libjpeg-turbo-style upsampling for YCbCr): all three
/// bands of a 2048 x 2048 YCbCr JPEG COG (16 tiles of 512 x 512), on one thread and on all cores, and a
/// 1024 x 1024 window at (1000, 1000). GDAL's time for the same file comes from gdal_decode_timing.py --all-bands (see benchmarks/README.md).
/// </summary>
[MemoryDiagnoser]
public class GeoTiffJpegDecodeBenchmarks
{
    private static readonly PixelWindow Full = new(0, 0, BenchmarkJpegCog.Size, BenchmarkJpegCog.Size);
    private static readonly PixelWindow Window = new(1000, 1000, 1024, 1024);
    private static readonly int[] Bands = [0, 1, 2];

    private readonly byte[] _full = new byte[BenchmarkJpegCog.Size * BenchmarkJpegCog.Size * 3];
    private readonly byte[] _window = new byte[1024 * 1024 * 3];
    private GeoTiffReader _singleThread = null!;
    private GeoTiffReader _allCores = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        string path = BenchmarkJpegCog.Ensure();
        _singleThread = await GeoTiffReader.OpenAsync(path, new GeoTiffReaderOptions { MaxDegreeOfParallelism = 1 });
        _allCores = await GeoTiffReader.OpenAsync(path, new GeoTiffReaderOptions { MaxDegreeOfParallelism = Environment.ProcessorCount });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _singleThread.Dispose();
        _allCores.Dispose();
    }

    [Benchmark(Baseline = true, Description = "SegmentS2 YCbCr JPEG, 3 bands, 16 tiles, 1 thread")]
    public ValueTask FullSingleThread() => _singleThread.Image.ReadWindowAsync(Bands, Full, _full);

    [Benchmark(Description = "SegmentS2 YCbCr JPEG, 3 bands, 16 tiles, all cores")]
    public ValueTask FullAllCores() => _allCores.Image.ReadWindowAsync(Bands, Full, _full);

    [Benchmark(Description = "SegmentS2 YCbCr JPEG, 3 bands, 1024 x 1024 window (9 tiles), 1 thread")]
    public ValueTask WindowSingleThread() => _singleThread.Image.ReadWindowAsync(Bands, Window, _window);
}

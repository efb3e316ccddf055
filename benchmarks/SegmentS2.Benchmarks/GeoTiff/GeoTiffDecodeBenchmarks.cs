using BenchmarkDotNet.Attributes;
using BitMiracle.LibTiff.Classic;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;

namespace SegmentS2.Benchmarks.GeoTiff;

/// <summary>
/// Full-band and 1024 x 1024 window decodes of a 4096 x 4096 uint16 DEFLATE + predictor COG: ours on
/// one thread and on all cores, against BitMiracle.LibTiff.NET on the same file. GDAL's time for the
/// same file comes from gdal_decode_timing.py (see benchmarks/README.md).
/// </summary>
[MemoryDiagnoser]
public class GeoTiffDecodeBenchmarks
{
    private static readonly PixelWindow Full = new(0, 0, BenchmarkCog.Size, BenchmarkCog.Size);
    private static readonly PixelWindow Window = new(1000, 1000, 1024, 1024);

    private readonly ushort[] _full = new ushort[BenchmarkCog.Size * BenchmarkCog.Size];
    private readonly ushort[] _window = new ushort[1024 * 1024];
    private string _path = string.Empty;
    private GeoTiffReader _singleThread = null!;
    private GeoTiffReader _allCores = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _path = BenchmarkCog.Ensure();
        _singleThread = await GeoTiffReader.OpenAsync(_path, new GeoTiffReaderOptions { MaxDegreeOfParallelism = 1 });
        _allCores = await GeoTiffReader.OpenAsync(_path, new GeoTiffReaderOptions { MaxDegreeOfParallelism = Environment.ProcessorCount });

        // The comparison only means something if both decoders produce the same pixels.
        LibTiffNetFullBand();
        ushort[] libTiff = (ushort[])_full.Clone();
        await FullBandAllCores();
        if (!libTiff.AsSpan().SequenceEqual(_full))
        {
            throw new InvalidOperationException("LibTiff.NET and SegmentS2 decode the benchmark file differently.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _singleThread.Dispose();
        _allCores.Dispose();
    }

    [Benchmark(Baseline = true, Description = "SegmentS2 full band, 1 thread")]
    public ValueTask FullBandSingleThread() => _singleThread.Image.ReadWindowAsync<ushort>(0, Full, _full);

    [Benchmark(Description = "SegmentS2 full band, all cores")]
    public ValueTask FullBandAllCores() => _allCores.Image.ReadWindowAsync<ushort>(0, Full, _full);

    [Benchmark(Description = "SegmentS2 1024x1024 window, 1 thread")]
    public ValueTask WindowSingleThread() => _singleThread.Image.ReadWindowAsync<ushort>(0, Window, _window);

    [Benchmark(Description = "SegmentS2 1024x1024 window, all cores")]
    public ValueTask WindowAllCores() => _allCores.Image.ReadWindowAsync<ushort>(0, Window, _window);

    [Benchmark(Description = "LibTiff.NET full band, 1 thread")]
    public void LibTiffNetFullBand()
    {
        using Tiff tiff = Tiff.Open(_path, "r");
        int tileWidth = tiff.GetField(TiffTag.TILEWIDTH)[0].ToInt();
        int tileHeight = tiff.GetField(TiffTag.TILELENGTH)[0].ToInt();
        var tile = new byte[tiff.TileSize()];
        Span<byte> destination = System.Runtime.InteropServices.MemoryMarshal.AsBytes(_full.AsSpan());
        for (int ty = 0; ty < BenchmarkCog.Size; ty += tileHeight)
        {
            for (int tx = 0; tx < BenchmarkCog.Size; tx += tileWidth)
            {
                tiff.ReadTile(tile, 0, tx, ty, 0, 0);
                int rows = Math.Min(tileHeight, BenchmarkCog.Size - ty), cols = Math.Min(tileWidth, BenchmarkCog.Size - tx);
                for (int r = 0; r < rows; r++)
                {
                    tile.AsSpan(r * tileWidth * 2, cols * 2).CopyTo(destination[(((ty + r) * BenchmarkCog.Size + tx) * 2)..]);
                }
            }
        }
    }
}

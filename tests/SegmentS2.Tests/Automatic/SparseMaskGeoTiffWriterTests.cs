using System.Globalization;
using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Automatic;

/// <summary>
/// The sparse multi-band mask GeoTIFF of automatic segmentation, read back by GDAL (the oracle) and by this library:
/// every band equal to its window's pixels and zero elsewhere, descriptions <c>mask_i</c>, georeferencing, and empty
/// tiles that take no bytes.
/// </summary>
public sealed class SparseMaskGeoTiffWriterTests : IDisposable
{
    private const int Width = 1000, Height = 700;
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-s2-sparse").FullName;

    // Band b is 1 where (col * 7 + row * 3 + b) % 5 < 2 inside its window: a pattern that crosses tile edges.
    private static readonly PixelWindow[] Windows = [new(10, 20, 30, 40), new(600, 500, 300, 150), new(200, 200, 400, 100), new(998, 698, 2, 2)];

    private static byte Value(int band, int col, int row) => (byte)((col * 7 + row * 3 + band) % 5 < 2 ? 1 : 0);

    private async Task<string> WriteAsync(IReadOnlyList<PixelWindow> windows)
    {
        string path = Path.Combine(_directory, "masks.tif");
        var options = new GeoTiffWriteOptions
        {
            Epsg = 32629,
            GeoTransform = new GeoTransform(199980, 10, 0, 2800020, 0, -10),
            BandDescriptions = windows.Select((_, i) => (string?)$"mask_{i}").ToArray(),
        };
        await SparseMaskGeoTiffWriter.WriteAsync(path, Width, Height, windows, (band, destination) =>
        {
            var w = windows[band];
            for (int r = 0; r < w.Height; r++)
            {
                for (int c = 0; c < w.Width; c++)
                {
                    destination[r * w.Width + c] = Value(band, w.Col + c, w.Row + r);
                }
            }
        }, options);
        return path;
    }

    private static (long Sum, long Weighted) Expected(int band)
    {
        long sum = 0, weighted = 0;
        var w = Windows[band];
        for (int row = w.Row; row < w.RowEnd; row++)
        {
            for (int col = w.Col; col < w.ColEnd; col++)
            {
                int v = Value(band, col, row);
                sum += v;
                weighted += v * ((long)row * Width + col);
            }
        }

        return (sum, weighted);
    }

    [Fact]
    public async Task Gdal_ReadsEveryBandAsItsWindowAndZeroElsewhere()
    {
        string path = await WriteAsync(Windows);
        string output = PythonOracle.RunInline("""
            import sys
            import numpy as np
            from osgeo import gdal
            ds = gdal.Open(sys.argv[1])
            print(ds.RasterXSize, ds.RasterYSize, ds.RasterCount, ds.GetSpatialRef().GetAuthorityCode(None), *ds.GetGeoTransform())
            index = np.arange(ds.RasterXSize * ds.RasterYSize, dtype=np.int64).reshape(ds.RasterYSize, ds.RasterXSize)
            for b in range(1, ds.RasterCount + 1):
                band = ds.GetRasterBand(b)
                a = band.ReadAsArray().astype(np.int64)
                print(band.GetDescription(), band.DataType, int(a.sum()), int((a * index).sum()), int(a.max()))
            """, [path]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1000 700 4 32629 199980.0 10.0 0.0 2800020.0 0.0 -10.0", lines[0]);
        for (int b = 0; b < Windows.Length; b++)
        {
            var (sum, weighted) = Expected(b);
            Assert.True(sum > 0);
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"mask_{b} 1 {sum} {weighted} 1"), lines[b + 1]);
        }
    }

    [Fact]
    public async Task TilesWithoutAMaskPixel_TakeNoBytes()
    {
        string path = await WriteAsync(Windows);
        // 4 bands x 4 x 3 tiles of 256: 48 tiles; only the ones the windows cross hold data, each a deflated tile.
        Assert.Equal(256, SparseMaskGeoTiffWriter.TileSizeFor(Width, Height));
        int dataTiles = Windows.Sum(w => ((w.ColEnd - 1) / 256 - w.Col / 256 + 1) * ((w.RowEnd - 1) / 256 - w.Row / 256 + 1));
        long length = new FileInfo(path).Length;
        Assert.True(length < 1000 + dataTiles * 3000, $"{length} bytes for {dataTiles} data tiles");
        await using var reader = await GeoTiffReader.OpenAsync(path);
        Assert.Equal(4, reader.Image.BandCount);
        Assert.Equal(["mask_0", "mask_1", "mask_2", "mask_3"], reader.Image.BandDescriptions);
        var band = new byte[Width * Height];
        for (int b = 0; b < Windows.Length; b++)
        {
            await reader.Image.ReadWindowAsync(b, new PixelWindow(0, 0, Width, Height), band.AsMemory());
            long sum = 0, weighted = 0;
            for (int i = 0; i < band.Length; i++)
            {
                sum += band[i];
                weighted += band[i] * (long)i;
            }

            Assert.Equal(Expected(b), (sum, weighted));
        }
    }

    [Fact]
    public async Task ThousandsOfBands_OfSmallMasks_StaySmall()
    {
        // 2,000 masks of 40 x 40 over a 10,980 x 10,980 tile: 1,024-pixel tiles, 2,000 x 121 of them, nearly all sparse.
        var windows = Enumerable.Range(0, 2000).Select(i => new PixelWindow(i * 5 % 10900, i * 37 % 10900, 40, 40)).ToArray();
        string path = Path.Combine(_directory, "tile.tif");
        await SparseMaskGeoTiffWriter.WriteAsync(path, 10980, 10980, windows, (_, destination) => destination.Fill(1),
            new GeoTiffWriteOptions { Epsg = 32629, GeoTransform = new GeoTransform(0, 10, 0, 0, 0, -10) });
        long length = new FileInfo(path).Length;
        // The tile tables (2 x 4 bytes per tile, 1.9 MB) and at most 4 deflated tiles per mask; a dense file would be 241 GB uncompressed.
        Assert.Equal(1024, SparseMaskGeoTiffWriter.TileSizeFor(10980, 10980));
        Assert.InRange(length, 2000L * 121 * 8, 2000L * 121 * 8 + 2000L * 4 * 4000 + 1_000_000);
        string output = PythonOracle.RunInline("""
            import sys
            from osgeo import gdal
            ds = gdal.Open(sys.argv[1])
            b = ds.GetRasterBand(1234)
            print(ds.RasterCount, int(b.ReadAsArray().sum()), int(ds.GetRasterBand(1).ReadAsArray(0, 0, 100, 100).sum()))
            """, [path], timeout: TimeSpan.FromMinutes(2));
        Assert.Equal("2000 1600 1600", output.Trim());
    }

    [Theory]
    [InlineData(1000, 700, 256)] // 4 x 3 tiles
    [InlineData(3072, 3072, 256)] // 12 x 12 = 144
    [InlineData(4200, 4200, 512)] // 17 x 17 = 289 of 256 px, 9 x 9 = 81 of 512
    [InlineData(10980, 10980, 1024)] // 1,849 of 256, 484 of 512, 121 of 1,024
    [InlineData(30000, 30000, 1024)] // 900 tiles: never beyond 1,024 px
    public void TileSize_IsTheSmallestThatKeepsABandToAtMost256Tiles(int width, int height, int expected)
    {
        Assert.Equal(expected, SparseMaskGeoTiffWriter.TileSizeFor(width, height));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

using System.Text.Json;
using SegmentS2.Output;
using SegmentS2.Tests.Sentinel2;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SegmentS2.Tests.Output;

public sealed class PngRgbWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segment-s2-png-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(97, 61)]
    [InlineData(1, 1)]
    [InlineData(785, 3)]
    public async Task Png_decodes_to_the_same_rgb_in_imagesharp_and_in_gdals_libpng(int width, int height)
    {
        var random = new Random(width * 31 + height);
        using var image = new Image<Rgba32>(width, height);
        long[] sums = new long[3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var p = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                image[x, y] = p;
                sums[0] += p.R;
                sums[1] += p.G;
                sums[2] += p.B;
            }
        }

        string path = Path.Combine(_dir, $"q{width}x{height}.png");
        await using (var stream = File.Create(path))
        {
            await PngRgbWriter.WriteAsync(stream, image, CancellationToken.None);
        }

        using (var decoded = Image.Load<Rgba32>(path))
        {
            Assert.Equal((width, height), (decoded.Width, decoded.Height));
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    var expected = image[x, y];
                    Assert.Equal(new Rgba32(expected.R, expected.G, expected.B, 255), decoded[x, y]);
                }
            }
        }

        // libpng (through GDAL) checks every chunk's CRC and the zlib stream while decoding.
        using var gdal = GdalOracle.Run("""
            import sys, json
            from osgeo import gdal
            gdal.UseExceptions()
            ds = gdal.Open(sys.argv[1])
            print(json.dumps({'size': [ds.RasterXSize, ds.RasterYSize], 'types': [gdal.GetDataTypeName(ds.GetRasterBand(b).DataType) for b in range(1, ds.RasterCount + 1)],
                              'sums': [int(ds.GetRasterBand(b).ReadAsArray().astype('int64').sum()) for b in range(1, ds.RasterCount + 1)]}))
            """, path);
        var root = gdal.RootElement;
        Assert.Equal([width, height], root.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["Byte", "Byte", "Byte"], root.GetProperty("types").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(sums, root.GetProperty("sums").EnumerateArray().Select(e => e.GetInt64()));
    }
}

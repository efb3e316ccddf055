using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>Our reader sees in the writer's files what GDAL sees: structure, georeferencing, metadata, overviews and pixels.</summary>
public sealed class GeoTiffWriterReaderInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-interop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(GeoTiffWriteCompression.Deflate, TiffCompression.Deflate, 3)]
    [InlineData(GeoTiffWriteCompression.Zstd, TiffCompression.Zstd, 3)]
    [InlineData(GeoTiffWriteCompression.Lzw, TiffCompression.Lzw, 3)]
    [InlineData(GeoTiffWriteCompression.None, TiffCompression.None, 1)]
    public async Task Reader_reads_the_writers_cog_back(GeoTiffWriteCompression compression, TiffCompression expected, int predictor)
    {
        const int width = 333, height = 190, bands = 2;
        var pixels = TestRasters.Generate<float>(width, height, bands, seed: 12, noData: -9999);
        var gt = new GeoTransform(500000, 20, 0, 4200000, 0, -20);
        string path = Path.Combine(_dir, $"{compression}.tif");
        await GeoTiffWriter.WriteAsync<float>(path, width, height, bands, pixels, new GeoTiffWriteOptions
        {
            Epsg = 32633, GeoTransform = gt, NoData = -9999, BandDescriptions = ["red", "nir"], BandScales = [0.5, 2], BandOffsets = [1, -1],
            Compression = compression, TileSize = 64, Cog = true,
        });

        await using var reader = await GeoTiffReader.OpenAsync(path);
        var image = reader.Image;
        Assert.Equal((width, height, bands, RasterDataType.Float32), (image.Width, image.Height, image.BandCount, image.DataType));
        Assert.Equal(32633, image.Epsg);
        Assert.Equal(gt, image.GeoTransform);
        Assert.Equal(-9999, image.NoData);
        Assert.Equal(["red", "nir"], image.BandDescriptions);
        Assert.Equal([0.5, 2], image.Scales!);
        Assert.Equal([1.0, -1], image.Offsets!);
        Assert.Equal(expected, image.Compression);
        Assert.Equal(predictor, image.Predictor);
        Assert.Equal((true, 64, 64, TiffPlanarConfiguration.Separate), (image.IsTiled, image.BlockWidth, image.BlockHeight, image.PlanarConfiguration));
        Assert.Equal([(167, 95), (84, 48), (42, 24)], reader.Overviews.Select(o => (o.Width, o.Height)));

        var band = new float[width * height];
        for (int b = 0; b < bands; b++)
        {
            await image.ReadWindowAsync<float>(b, new PixelWindow(0, 0, width, height), band);
            Assert.Equal(pixels.AsSpan(b * width * height, width * height).ToArray(), band);
        }
    }
}

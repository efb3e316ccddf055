using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>COG layout: GDAL reports LAYOUT=COG, lists the overviews, its validator finds no error, overview pixels follow the documented rule.</summary>
public sealed class GeoTiffWriterCogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-cog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Cog_with_average_overviews_is_valid_and_overviews_are_2x2_means()
    {
        const int width = 1000, height = 700;
        var pixels = TestRasters.Generate<ushort>(width, height, 1, seed: 21, noData: 0);
        string path = Path.Combine(_dir, "cog.tif");
        await GeoTiffWriter.WriteAsync<ushort>(path, width, height, 1, pixels, new GeoTiffWriteOptions
        {
            Epsg = 32629, GeoTransform = new GeoTransform(600000, 10, 0, 4100000, 0, -10), NoData = 0, TileSize = 256, Cog = true,
        });

        var gdal = GdalReadBack.Read(path);
        Assert.Equal("COG", gdal.ImageStructure["LAYOUT"]);
        Assert.Empty(gdal.CogErrors);
        // GDAL's COG rule: halve until both sides fit in one 256-pixel tile (gdal_translate -of COG gives the same sizes).
        Assert.Equal([[500, 350], [250, 175]], gdal.Overviews);
        Assert.Equal([0.0, 0.0], gdal.OverviewMaxDiff(0));
        Assert.Equal(TestRasters.BandSha256(pixels, width, height, 0), gdal.BandSha256(0));
    }

    [Fact]
    public async Task Cog_of_float_bands_with_nan_nodata_averages_valid_pixels_only()
    {
        const int width = 301, height = 199;
        var pixels = TestRasters.Generate<float>(width, height, 3, seed: 4, noData: double.NaN);
        string path = Path.Combine(_dir, "float-cog.tif");
        await GeoTiffWriter.WriteAsync<float>(path, width, height, 3, pixels, new GeoTiffWriteOptions
        {
            Epsg = 4326, GeoTransform = new GeoTransform(10, 0.001, 0, 45, 0, -0.001), NoData = double.NaN, TileSize = 64, Cog = true,
            BandDescriptions = ["red", "green", "blue"],
        });

        var gdal = GdalReadBack.Read(path);
        Assert.Equal("COG", gdal.ImageStructure["LAYOUT"]);
        Assert.Equal("BAND", gdal.ImageStructure["INTERLEAVE"]);
        Assert.Empty(gdal.CogErrors);
        // Odd sides round up (as gdaladdo does), so every pixel contributes to a 2 x 2 block.
        Assert.Equal([[151, 100], [76, 50], [38, 25]], gdal.Overviews);
        for (int b = 0; b < 3; b++)
        {
            Assert.Equal(TestRasters.BandSha256(pixels, width, height, b), gdal.BandSha256(b));
            Assert.All(gdal.OverviewMaxDiff(b), d => Assert.InRange(d, 0, 1e-6));
        }
    }

    [Fact]
    public async Task Mask_cog_with_nearest_overviews_keeps_class_values()
    {
        const int width = 530, height = 260;
        var mask = new byte[width * height];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                mask[r * width + c] = (byte)((r / 13 + c / 17) % 3 == 0 ? 255 : (r * c) % 4);
            }
        }

        string path = Path.Combine(_dir, "mask.tif");
        await GeoTiffWriter.WriteAsync<byte>(path, width, height, 1, mask, new GeoTiffWriteOptions
        {
            Epsg = 32633, GeoTransform = new GeoTransform(300000, 10, 0, 5000000, 0, -10), NoData = 255,
            Cog = true, OverviewCount = 2, OverviewResampling = GeoTiffOverviewResampling.Nearest, TileSize = 128,
            Metadata = new Dictionary<string, string> { ["CATEGORIES"] = "0:none,1:field,2:road,3:water" },
        });

        var gdal = GdalReadBack.Read(path, "nearest");
        Assert.Empty(gdal.CogErrors);
        Assert.Equal([[265, 130], [133, 65]], gdal.Overviews);
        Assert.Equal([0.0, 0.0], gdal.OverviewMaxDiff(0));
        Assert.Equal("0:none,1:field,2:road,3:water", gdal.Metadata["CATEGORIES"]);
    }

    [Fact]
    public async Task Cog_in_bigtiff_is_still_valid()
    {
        const int width = 200, height = 120;
        var pixels = TestRasters.Generate<short>(width, height, 2, seed: 9);
        string path = Path.Combine(_dir, "big-cog.tif");
        await GeoTiffWriter.WriteAsync<short>(path, width, height, 2, pixels, new GeoTiffWriteOptions
        {
            Epsg = 32615, GeoTransform = new GeoTransform(500000, 30, 0, 4500000, 0, -30), Cog = true, TileSize = 64,
            Compression = GeoTiffWriteCompression.Zstd, BigTiff = GeoTiffBigTiffMode.Always,
        });

        var gdal = GdalReadBack.Read(path);
        Assert.Equal("COG", gdal.ImageStructure["LAYOUT"]);
        Assert.Empty(gdal.CogErrors);
        Assert.Equal([[100, 60], [50, 30]], gdal.Overviews);
        Assert.Equal([0.0, 0.0], gdal.OverviewMaxDiff(1));
        Assert.Equal(TestRasters.BandSha256(pixels, width, height, 1), gdal.BandSha256(1));
    }
}

using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>GDAL reads the writer's files back with the same georeferencing, metadata and pixels.</summary>
public sealed class GeoTiffWriterGdalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-writer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, int, int, int, int, GeoTiffWriteCompression, int, double?> Cases => new()
    {
        // type, width, height, bands, tile, compression, epsg, nodata
        { "Byte", 300, 217, 1, 128, GeoTiffWriteCompression.Deflate, 32633, 0 },
        { "Byte", 77, 45, 3, 32, GeoTiffWriteCompression.None, 4326, null },
        { "UInt16", 517, 301, 3, 256, GeoTiffWriteCompression.Deflate, 32629, 0 },
        { "UInt16", 260, 130, 1, 64, GeoTiffWriteCompression.Zstd, 32736, 0 },
        { "UInt16", 190, 95, 3, 48, GeoTiffWriteCompression.Lzw, 3857, 65535 },
        { "Int16", 129, 65, 1, 64, GeoTiffWriteCompression.Zstd, 4326, -9999 },
        { "Int16", 140, 100, 3, 32, GeoTiffWriteCompression.Deflate, 32601, null },
        { "Float32", 200, 150, 3, 64, GeoTiffWriteCompression.Deflate, 3857, double.NaN },
        { "Float32", 99, 101, 1, 32, GeoTiffWriteCompression.Lzw, 32760, -3.5 },
        { "Float32", 64, 64, 1, 64, GeoTiffWriteCompression.Zstd, 32631, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Gdal_reads_back_type_size_crs_transform_nodata_descriptions_metadata_and_pixels(
        string type, int width, int height, int bands, int tile, GeoTiffWriteCompression compression, int epsg, double? noData) => type switch
        {
            "Byte" => RoundTrip<byte>(type, width, height, bands, tile, compression, epsg, noData),
            "UInt16" => RoundTrip<ushort>(type, width, height, bands, tile, compression, epsg, noData),
            "Int16" => RoundTrip<short>(type, width, height, bands, tile, compression, epsg, noData),
            _ => RoundTrip<float>(type, width, height, bands, tile, compression, epsg, noData),
        };

    [Theory]
    [InlineData(typeof(sbyte), "Int8")]
    [InlineData(typeof(uint), "UInt32")]
    [InlineData(typeof(int), "Int32")]
    [InlineData(typeof(double), "Float64")]
    public Task Other_sample_types_round_trip(Type type, string gdalName)
    {
        if (type == typeof(sbyte)) return RoundTrip<sbyte>(gdalName, 70, 33, 2, 32, GeoTiffWriteCompression.Deflate, 32632, null);
        if (type == typeof(uint)) return RoundTrip<uint>(gdalName, 70, 33, 2, 32, GeoTiffWriteCompression.Zstd, 32632, null);
        if (type == typeof(int)) return RoundTrip<int>(gdalName, 70, 33, 2, 32, GeoTiffWriteCompression.Lzw, 32632, -1);
        return RoundTrip<double>(gdalName, 70, 33, 2, 32, GeoTiffWriteCompression.Deflate, 32632, double.NaN);
    }

    [Fact]
    public async Task Rotated_transform_is_written_as_model_transformation_and_read_back_exactly()
    {
        var gt = new GeoTransform(440720, 10, 2.5, 3751320, -1.5, -10);
        var pixels = TestRasters.Generate<ushort>(50, 40, 1, seed: 3);
        string path = Path.Combine(_dir, "rotated.tif");
        await GeoTiffWriter.WriteAsync<ushort>(path, 50, 40, 1, pixels, new GeoTiffWriteOptions { Epsg = 32611, GeoTransform = gt, TileSize = 16 });

        var gdal = GdalReadBack.Read(path);
        Assert.Equal(gt.ToArray(), gdal.GeoTransform);
        Assert.Equal(32611, gdal.Epsg);
        Assert.Equal(TestRasters.BandSha256(pixels, 50, 40, 0), gdal.BandSha256(0));
    }

    [Fact]
    public async Task BigTiff_when_asked_is_read_by_gdal()
    {
        var pixels = TestRasters.Generate<short>(130, 70, 2, seed: 5);
        string path = Path.Combine(_dir, "big.tif");
        await GeoTiffWriter.WriteAsync<short>(path, 130, 70, 2, pixels, new GeoTiffWriteOptions
        {
            Epsg = 32630, GeoTransform = new GeoTransform(500000, 20, 0, 4000000, 0, -20), TileSize = 64, BigTiff = GeoTiffBigTiffMode.Always,
        });

        var header = new byte[4];
        await using (var f = File.OpenRead(path))
        {
            await f.ReadExactlyAsync(header);
        }

        Assert.Equal(new byte[] { (byte)'I', (byte)'I', 43, 0 }, header);
        var gdal = GdalReadBack.Read(path);
        Assert.Equal(2, gdal.BandCount);
        Assert.Equal(TestRasters.BandSha256(pixels, 130, 70, 1), gdal.BandSha256(1));
    }

    [Fact]
    public async Task Lzw_survives_incompressible_and_highly_repetitive_tiles()
    {
        // Random bytes fill the 4094-entry table again and again (Clear codes); a constant run grows codes to 12 bits.
        const int size = 512;
        var random = new Random(11);
        var pixels = new byte[size * size * 2];
        random.NextBytes(pixels.AsSpan(0, size * size));
        for (int i = size * size; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i / 7919 % 3);
        }

        string path = Path.Combine(_dir, "lzw.tif");
        await GeoTiffWriter.WriteAsync<byte>(path, size, size, 2, pixels, new GeoTiffWriteOptions
        {
            Compression = GeoTiffWriteCompression.Lzw, Predictor = GeoTiffWritePredictor.None, TileSize = 256,
        });

        var gdal = GdalReadBack.Read(path);
        Assert.Equal(TestRasters.BandSha256(pixels, size, size, 0), gdal.BandSha256(0));
        Assert.Equal(TestRasters.BandSha256(pixels, size, size, 1), gdal.BandSha256(1));
    }

    [Fact]
    public async Task Band_scale_offset_and_band_metadata_reach_gdal()
    {
        var pixels = TestRasters.Generate<ushort>(40, 30, 2, seed: 8);
        string path = Path.Combine(_dir, "scaled.tif");
        await GeoTiffWriter.WriteAsync<ushort>(path, 40, 30, 2, pixels, new GeoTiffWriteOptions
        {
            BandScales = [0.0001, null],
            BandOffsets = [-0.1, null],
            BandMetadata = [new Dictionary<string, string> { ["WAVELENGTH"] = "665 nm & more <red>" }, null],
            BandDescriptions = [null, "nir"],
        });

        var gdal = GdalReadBack.Read(path);
        Assert.Equal(0.0001, gdal.Band(0).GetProperty("scale").GetDouble());
        Assert.Equal(-0.1, gdal.Band(0).GetProperty("offset").GetDouble());
        Assert.Equal("665 nm & more <red>", GdalReadBack.Strings(gdal.Band(0).GetProperty("metadata"))["WAVELENGTH"]);
        Assert.Equal("", gdal.Band(0).GetProperty("description").GetString());
        Assert.Equal("nir", gdal.Band(1).GetProperty("description").GetString());
        Assert.Equal(-1, gdal.Epsg ?? -1);
    }

    private async Task RoundTrip<T>(
        string gdalType, int width, int height, int bands, int tile, GeoTiffWriteCompression compression, int epsg, double? noData)
        where T : unmanaged
    {
        var pixels = TestRasters.Generate<T>(width, height, bands, seed: width * 31 + bands, noData);
        var gt = epsg == 4326 ? new GeoTransform(-9.5, 0.0001, 0, 30.25, 0, -0.0001) : new GeoTransform(399960, 10, 0, 3300000, 0, -10);
        var descriptions = Enumerable.Range(0, bands).Select(b => (string?)$"band {b} <\"B0{b + 2}\">").ToArray();
        var metadata = new Dictionary<string, string> { ["CATEGORIES"] = "0:background,1:field", ["SOURCE"] = "SegmentS2 & tests" };
        string path = Path.Combine(_dir, $"{gdalType}-{width}x{height}x{bands}-{compression}.tif");

        await GeoTiffWriter.WriteAsync<T>(path, width, height, bands, pixels, new GeoTiffWriteOptions
        {
            Epsg = epsg,
            GeoTransform = gt,
            NoData = noData,
            BandDescriptions = descriptions,
            Metadata = metadata,
            TileSize = tile,
            Compression = compression,
        });

        var gdal = GdalReadBack.Read(path);
        Assert.Equal(width, gdal.Width);
        Assert.Equal(height, gdal.Height);
        Assert.Equal(bands, gdal.BandCount);
        // GDAL before 3.7 reports signed bytes as Byte (PIXELTYPE=SIGNEDBYTE); 3.7+ as Int8.
        Assert.Contains(gdal.DataType, gdalType == "Int8" ? new[] { "Int8", "Byte" } : new[] { gdalType });
        Assert.Equal(epsg, gdal.Epsg);
        Assert.Equal(gt.ToArray(), gdal.GeoTransform);
        Assert.Equal(noData switch { null => null, double.NaN => "nan", { } v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) },
            gdal.NoData is { } text && text != "nan" ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : gdal.NoData);
        Assert.Equal(metadata.Append(new("AREA_OR_POINT", "Area")).OrderBy(p => p.Key), gdal.Metadata.OrderBy(p => p.Key));
        Assert.Equal(new[] { tile, tile }, gdal.Band(0).GetProperty("block").EnumerateArray().Select(e => e.GetInt32()));
        string expectedCompression = compression switch
        {
            GeoTiffWriteCompression.None => "",
            GeoTiffWriteCompression.Lzw => "LZW",
            GeoTiffWriteCompression.Zstd => "ZSTD",
            _ => "DEFLATE",
        };
        Assert.Equal(expectedCompression, gdal.ImageStructure.GetValueOrDefault("COMPRESSION", ""));
        if (bands > 1)
        {
            Assert.Equal("BAND", gdal.ImageStructure["INTERLEAVE"]);
        }

        for (int b = 0; b < bands; b++)
        {
            Assert.Equal(descriptions[b], gdal.Band(b).GetProperty("description").GetString());
            Assert.Equal(TestRasters.BandSha256(pixels, width, height, b), gdal.BandSha256(b));
        }
    }
}

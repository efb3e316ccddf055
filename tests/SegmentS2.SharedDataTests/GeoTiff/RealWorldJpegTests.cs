using SegmentS2.GeoTiff;
using SegmentS2.Tests.GeoTiff;
using SegmentS2.Tests.TestSupport;
using Xunit.Abstractions;

namespace SegmentS2.SharedDataTests.GeoTiff;

/// <summary>
/// The JPEG-compressed GeoTIFFs of ../shared/data, read through the LibTiff.NET fallback, against GDAL's
/// pixels: every band within 1 of GDAL's value (YCbCr JPEG is converted to RGB by two different JPEG
/// libraries), the overviews too.
/// </summary>
public class RealWorldJpegTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files => new()
    {
        "gdal/sasha.tif",                            // YCbCr JPEG, 256 x 256 tiles, JPEGTABLESMODE 3
        "gdal/stefan_full_rgba_jpeg_contig.tif",     // RGBA JPEG, pixel-interleaved strips of 16 rows
        "gdal/stefan_full_rgba_jpeg_separate.tif",   // RGBA JPEG, band-separate strips of 64 rows
        "gdal/byte_jpg_tablesmodezero.tif",          // grey JPEG, no JPEGTables (every block carries its tables)
        "gdal/byte_ovr_jpeg_tablesmode1.tif",        // grey JPEG with a JPEG overview
        "rasterio/cogeo.tif",                        // YCbCr JPEG COG with 6 overviews and a mask
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_band_is_within_one_of_gdal(string file)
    {
        string path = SharedData.Path("real-world", "geotiff", file);
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(path);
        Assert.Equal(TiffCompression.Jpeg, reader.Image.Compression);

        int[] max = await OracleAssert.MaxByteDifferencesAsync(reader.Image, GdalOracle.Pixels(path));
        output.WriteLine($"{file}: max |ours - GDAL| per band: {string.Join(", ", max)}");
        Assert.All(max, m => Assert.InRange(m, 0, 1));
    }
}

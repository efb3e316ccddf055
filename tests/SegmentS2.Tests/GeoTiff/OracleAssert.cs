using System.Security.Cryptography;
using System.Text.Json;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff;

/// <summary>Compares what the reader (or the CLI) reports with what GDAL reads.</summary>
public static class OracleAssert
{
    /// <summary>SHA-256 of each band read one band at a time (row-major, little-endian).</summary>
    public static async Task<string[]> BandHashesAsync(GeoTiffImage image)
    {
        var window = new PixelWindow(0, 0, image.Width, image.Height);
        var buffer = new byte[window.PixelCount * image.DataType.SizeInBytes()];
        var hashes = new string[image.BandCount];
        for (int b = 0; b < image.BandCount; b++)
        {
            await image.ReadWindowAsync(b, window, buffer);
            hashes[b] = Convert.ToHexStringLower(SHA256.HashData(buffer));
        }

        return hashes;
    }

    /// <summary>SHA-256 of each band, all bands read in one band-sequential call.</summary>
    public static async Task<string[]> BandHashesInOneReadAsync(GeoTiffImage image)
    {
        var window = new PixelWindow(0, 0, image.Width, image.Height);
        int plane = (int)window.PixelCount * image.DataType.SizeInBytes();
        var buffer = new byte[plane * image.BandCount];
        await image.ReadWindowAsync(Enumerable.Range(0, image.BandCount).ToArray(), window, buffer);
        return Enumerable.Range(0, image.BandCount).Select(b => Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(b * plane, plane)))).ToArray();
    }

    /// <summary>
    /// Largest absolute difference, per band, between the image's 8-bit samples and GDAL's
    /// (<see cref="GdalOracle.Pixels"/> of the same file), each band read whole.
    /// </summary>
    public static async Task<int[]> MaxByteDifferencesAsync(GeoTiffImage image, byte[] gdalPixels)
    {
        Assert.Equal(RasterDataType.Byte, image.DataType);
        var window = new PixelWindow(0, 0, image.Width, image.Height);
        int plane = (int)window.PixelCount;
        Assert.Equal(plane * image.BandCount, gdalPixels.Length);
        var buffer = new byte[plane];
        var max = new int[image.BandCount];
        for (int b = 0; b < image.BandCount; b++)
        {
            await image.ReadWindowAsync(b, window, buffer);
            ReadOnlySpan<byte> expected = gdalPixels.AsSpan(b * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                max[b] = Math.Max(max[b], Math.Abs(buffer[i] - expected[i]));
            }
        }

        return max;
    }

    /// <summary>Size, type, CRS, geotransform, nodata and pixels equal GDAL's.</summary>
    public static void Matches(OracleDescription gdal, GeoTiffImage image, string[] bandSha256, string file)
    {
        Assert.True(gdal.Error is null, $"{file}: GDAL could not read it: {gdal.Error}");
        Assert.Equal((gdal.Width, gdal.Height, gdal.BandCount), (image.Width, image.Height, image.BandCount));
        Assert.Equal(gdal.DataType, image.DataType.ToString());
        Assert.Equal(gdal.Epsg, image.Epsg);
        GeoTransformEqual(gdal.GeoTransform, image.GeoTransform?.ToArray(), file);
        NoDataEqual(gdal.NoData, image.NoData, file);
        Assert.Equal(gdal.BandSha256, bandSha256);
    }

    /// <summary>The CLI's JSON equals GDAL's answers.</summary>
    public static void CliJsonMatches(OracleDescription gdal, JsonElement json, string file)
    {
        Assert.Equal(gdal.Width, json.GetProperty("width").GetInt32());
        Assert.Equal(gdal.Height, json.GetProperty("height").GetInt32());
        Assert.Equal(gdal.BandCount, json.GetProperty("bandCount").GetInt32());
        Assert.Equal(gdal.DataType, json.GetProperty("dataType").GetString());
        JsonElement epsg = json.GetProperty("epsg");
        Assert.Equal(gdal.Epsg, epsg.ValueKind == JsonValueKind.Null ? null : epsg.GetInt32());
        JsonElement gt = json.GetProperty("geoTransform");
        GeoTransformEqual(gdal.GeoTransform, gt.ValueKind == JsonValueKind.Null ? null : gt.EnumerateArray().Select(e => e.GetDouble()).ToArray(), file);
        JsonElement noData = json.GetProperty("noData");
        double? ours = noData.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String when noData.GetString() == "nan" => double.NaN,
            _ => noData.GetDouble(),
        };
        NoDataEqual(gdal.NoData, ours, file);
        Assert.Equal(gdal.Compression, json.GetProperty("compression").GetString());
        Assert.Equal(gdal.Overviews!.Select(o => o.Size), json.GetProperty("overviews").EnumerateArray().Select(o => o.EnumerateArray().Select(v => v.GetInt32()).ToArray()));
        Assert.Equal(gdal.BandSha256, json.GetProperty("bandSha256").EnumerateArray().Select(e => e.GetString()));
    }

    public static void GeoTransformEqual(double[]? expected, double[]? actual, string file)
    {
        Assert.True((expected is null) == (actual is null), $"{file}: GDAL geotransform {Show(expected)}, ours {Show(actual)}");
        if (expected is null || actual is null)
        {
            return;
        }

        for (int i = 0; i < 6; i++)
        {
            double tolerance = 1e-9 * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{file}: GDAL geotransform {Show(expected)}, ours {Show(actual)}");
        }
    }

    public static void NoDataEqual(JsonElement? expected, double? actual, string file)
    {
        if (expected is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual is null, $"{file}: GDAL has no nodata, ours is {actual}");
        }
        else if (e.ValueKind == JsonValueKind.String)
        {
            Assert.True(e.GetString() == "nan" && actual is double.NaN, $"{file}: GDAL nodata {e}, ours {actual}");
        }
        else
        {
            Assert.Equal(e.GetDouble(), actual);
        }
    }

    private static string Show(double[]? gt) => gt is null ? "none" : $"[{string.Join(", ", gt)}]";
}

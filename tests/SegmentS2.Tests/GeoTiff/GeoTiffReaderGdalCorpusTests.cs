using System.Security.Cryptography;
using System.Text.Json;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.GeoTiff;

/// <summary>The reader and <c>segment-s2 info</c> agree with GDAL on every file of the GDAL-generated corpus.</summary>
[Collection(GdalCorpusCollection.Name)]
public class GeoTiffReaderGdalCorpusTests(GdalCorpusFixture corpus)
{
    public static TheoryData<string> Cases => GdalCorpus.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reader_matches_gdal(string name)
    {
        OracleDescription gdal = corpus.Oracle[name];
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf(name));
        GeoTiffImage image = reader.Image;

        OracleAssert.Matches(gdal, image, await OracleAssert.BandHashesAsync(image), name);
        Assert.Equal(gdal.BandSha256, await OracleAssert.BandHashesInOneReadAsync(image));

        Assert.Equal(gdal.Compression, image.CompressionName);
        Assert.Equal(gdal.Block, new[] { image.BlockWidth, image.BlockHeight });
        if (image.BandCount > 1)
        {
            Assert.Equal(gdal.Interleave == "PIXEL" ? TiffPlanarConfiguration.Contiguous : TiffPlanarConfiguration.Separate, image.PlanarConfiguration);
        }

        Assert.Equal(gdal.Scales!.Any(s => s is not null), image.Scales is not null);
        Assert.Equal(gdal.Offsets!.Any(s => s is not null), image.Offsets is not null);
        for (int b = 0; b < image.BandCount; b++)
        {
            Assert.Equal(gdal.Scales![b] ?? 1.0, image.Scales?[b] ?? 1.0);
            Assert.Equal(gdal.Offsets![b] ?? 0.0, image.Offsets?[b] ?? 0.0);
            Assert.Equal(gdal.Descriptions![b], image.BandDescriptions[b] ?? string.Empty);
        }

        Assert.Equal(gdal.Overviews!.Length, reader.Overviews.Count);
        for (int i = 0; i < reader.Overviews.Count; i++)
        {
            GeoTiffImage overview = reader.Overviews[i];
            Assert.Equal(gdal.Overviews[i].Size, new[] { overview.Width, overview.Height });
            Assert.Equal(gdal.Overviews[i].Sha256, (await OracleAssert.BandHashesAsync(overview))[0]);
        }
    }

    [Trait(Tool.Trait, Tool.Cli)]
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Info_command_matches_gdal(string name)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await Tool.RunAsync(["info", corpus.PathOf(name), "--json", "--checksum"], output, error);

        Assert.True(exit == 0, error.ToString());
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        OracleAssert.CliJsonMatches(corpus.Oracle[name], json.RootElement, name);
    }

    public static TheoryData<string> RefusedCases => GdalCorpus.RefusedNames();

    [Trait(Tool.Trait, Tool.Cli)]
    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task Files_gdal_reads_but_we_do_not_are_refused_with_the_reason(string name)
    {
        string reason = GdalCorpus.Refused[name].Reason;
        Assert.True(corpus.Oracle[name].Error is null, $"GDAL cannot read {name} either: {corpus.Oracle[name].Error}");

        var ex = await Assert.ThrowsAsync<UnsupportedGeoTiffException>(() => GeoTiffReader.OpenAsync(corpus.PathOf(name)));
        Assert.Contains(reason, ex.Message);

        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await Tool.RunAsync(["info", corpus.PathOf(name), "--json", "--checksum"], output, error);
        Assert.NotEqual(0, exit);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal($"segment-s2: error: unsupported GeoTIFF: {ex.Message}", error.ToString().TrimEnd());
    }

    [Theory]
    [InlineData("uint16_deflate_p2_tiled")]
    [InlineData("float64_lzw_p3_strips")]
    [InlineData("int16_packbits_p1_pixel_tiled_3band")]
    [InlineData("float32_zstd_p3_band_strips_3band")]
    [InlineData("sparse_int16_nodata")]
    public async Task Random_windows_equal_the_same_pixels_of_the_full_read(string name)
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf(name));
        GeoTiffImage image = reader.Image;
        int bps = image.DataType.SizeInBytes();
        var full = new byte[image.BandCount][];
        for (int b = 0; b < image.BandCount; b++)
        {
            full[b] = new byte[image.Width * image.Height * bps];
            await image.ReadWindowAsync(b, new PixelWindow(0, 0, image.Width, image.Height), full[b]);
        }

        // The full read is checked against GDAL by Reader_matches_gdal; windows must be its exact sub-rectangles.
        var random = new Random(20240229);
        for (int i = 0; i < 40; i++)
        {
            int w = random.Next(1, image.Width + 1), h = random.Next(1, image.Height + 1);
            var window = new PixelWindow(random.Next(0, image.Width - w + 1), random.Next(0, image.Height - h + 1), w, h);
            int[] bands = Enumerable.Range(0, image.BandCount).Reverse().ToArray();
            var got = new byte[bands.Length * w * h * bps];
            await image.ReadWindowAsync(bands, window, got);
            for (int k = 0; k < bands.Length; k++)
            {
                for (int y = 0; y < h; y++)
                {
                    ReadOnlySpan<byte> expected = full[bands[k]].AsSpan(((window.Row + y) * image.Width + window.Col) * bps, w * bps);
                    Assert.True(expected.SequenceEqual(got.AsSpan((k * w * h + y * w) * bps, w * bps)), $"{name} window {window} band {bands[k]} row {y}");
                }
            }
        }
    }

    [Fact]
    public async Task Typed_reads_equal_byte_reads()
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf("uint16_deflate_p2_tiled"));
        var window = new PixelWindow(17, 9, 150, 100);
        var bytes = new byte[window.PixelCount * 2];
        var samples = new ushort[window.PixelCount];
        await reader.Image.ReadWindowAsync(0, window, bytes);
        await reader.Image.ReadWindowAsync<ushort>(0, window, samples);

        Assert.Equal(bytes, System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
        await Assert.ThrowsAsync<ArgumentException>(() => reader.Image.ReadWindowAsync<int>(0, window, new int[window.PixelCount]).AsTask());
    }

    [Fact]
    public async Task Pixel_is_point_is_reported_and_shifted_like_gdal()
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf("pixel_is_point"));
        Assert.True(reader.Image.IsPixelIsPoint);
        OracleAssert.GeoTransformEqual(corpus.Oracle["pixel_is_point"].GeoTransform, reader.Image.GeoTransform?.ToArray(), "pixel_is_point");
    }

    [Fact]
    public async Task Overviews_scale_the_geotransform_and_inherit_nodata()
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(corpus.PathOf("cog_uint16_deflate_p2"));
        GeoTransform full = reader.Image.GeoTransform!.Value;
        GeoTiffImage overview = reader.Overviews[0];
        GeoTransform gt = overview.GeoTransform!.Value;

        Assert.Equal(full.X0, gt.X0);
        Assert.Equal(full.Dx * reader.Image.Width / overview.Width, gt.Dx, 9);
        Assert.Equal(full.Dy * reader.Image.Height / overview.Height, gt.Dy, 9);
        Assert.Equal(reader.Image.NoData, overview.NoData);
        Assert.Equal(reader.Image.Epsg, overview.Epsg);
    }

    [Trait(Tool.Trait, Tool.Cli)]
    [Fact]
    public async Task Band_checksum_of_a_window_equals_hash_of_that_window()
    {
        string path = corpus.PathOf("cog_uint16_deflate_p2");
        var output = new StringWriter();
        int exit = await Tool.RunAsync(["info", path, "--json", "--checksum", "--window", "100", "50", "333", "222"], output, new StringWriter());
        Assert.Equal(0, exit);

        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(path);
        var window = new PixelWindow(100, 50, 333, 222);
        var pixels = new byte[window.PixelCount * 2];
        await reader.Image.ReadWindowAsync(0, window, pixels);
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pixels)), json.RootElement.GetProperty("bandSha256")[0].GetString());
    }
}

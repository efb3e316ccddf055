using System.Buffers.Binary;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Tests.GeoTiff.Fuzzing;

namespace SegmentS2.Tests.GeoTiff;

/// <summary>
/// Hostile JPEG blocks for the fallback decoder (LibTiff.NET for RGB/grey/band-separate JPEG, LibJpeg.NET for
/// YCbCr): whatever the block holds, the error is a <see cref="GeoTiffFormatException"/> naming the block.
/// The valid files are checked against GDAL by the corpus tests.
/// </summary>
[Collection(GdalCorpusCollection.Name)]
public class FallbackDecoderTests(GdalCorpusFixture corpus)
{
    public static TheoryData<string> JpegSeeds => new() { "fuzz_jpeg_ycbcr_tiled", "fuzz_jpeg_rgb_separate" };

    [Theory]
    [MemberData(nameof(JpegSeeds))]
    public async Task A_jpeg_tile_whose_header_declares_a_huge_image_is_refused_before_decoding(string seedName)
    {
        byte[] data = File.ReadAllBytes(corpus.PathOf(seedName));
        (int start, int length) = Tile0(data);
        int sof = data.AsSpan(start, length).IndexOf([(byte)0xFF, (byte)0xC0]);
        Assert.True(sof > 0, "GDAL's JPEG tile has a baseline SOF marker");

        // SOF0: FF C0, length (2), precision (1), height (2), width (2): claim 16384 x 16384 pixels.
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(start + sof + 5), 16384);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(start + sof + 7), 16384);

        GeoTiffFormatException ex = await ReadTile0Async(data);
        Assert.Contains("JPEG", ex.Message);
        Assert.Contains("16384", ex.Message);
    }

    [Theory]
    [MemberData(nameof(JpegSeeds))]
    public async Task A_jpeg_tile_of_noise_is_a_format_error(string seedName)
    {
        byte[] data = File.ReadAllBytes(corpus.PathOf(seedName));
        (int start, int length) = Tile0(data);
        new Random(7).NextBytes(data.AsSpan(start, length));

        GeoTiffFormatException ex = await ReadTile0Async(data);
        Assert.Contains("JPEG data is corrupt", ex.Message);
    }

    [Theory]
    [MemberData(nameof(JpegSeeds))]
    public async Task A_truncated_jpeg_tile_is_a_format_error(string seedName)
    {
        byte[] data = File.ReadAllBytes(corpus.PathOf(seedName));
        var layout = TiffLayout.Parse(data);
        TiffLayout.Entry counts = layout.Entries.First(e => e.Tag == 325);
        (_, int length) = Tile0(data);
        layout.Write(data, counts.ValuePosition, counts.ValueSize, (ulong)(length / 3));

        GeoTiffFormatException ex = await ReadTile0Async(data);
        Assert.Contains("JPEG", ex.Message);
    }

    [Fact]
    public async Task Old_style_jpeg_is_refused_by_name()
    {
        byte[] data = File.ReadAllBytes(corpus.PathOf("fuzz_jpeg_grey_strips"));
        var layout = TiffLayout.Parse(data);
        TiffLayout.Entry compression = layout.Entries.First(e => e.Tag == 259);
        layout.Write(data, compression.ValuePosition, compression.ValueSize, 6);

        var ex = await Assert.ThrowsAsync<UnsupportedGeoTiffException>(() => GeoTiffReader.OpenAsync(new MemoryStream(data)));
        Assert.Contains("OJPEG compression (code 6) is not supported", ex.Message);
    }

    [Fact]
    public async Task Band_separate_ycbcr_jpeg_is_refused_by_name()
    {
        byte[] data = File.ReadAllBytes(corpus.PathOf("fuzz_jpeg_rgb_separate"));
        var layout = TiffLayout.Parse(data);
        TiffLayout.Entry photometric = layout.Entries.First(e => e.Tag == 262);
        layout.Write(data, photometric.ValuePosition, photometric.ValueSize, 6);

        var ex = await Assert.ThrowsAsync<UnsupportedGeoTiffException>(() => GeoTiffReader.OpenAsync(new MemoryStream(data)));
        Assert.Contains("YCbCr JPEG is read only as 3 pixel-interleaved bands; this image has 3 band(s) with PlanarConfiguration 2", ex.Message);
    }

    private static async Task<GeoTiffFormatException> ReadTile0Async(byte[] data)
    {
        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(new MemoryStream(data));
        GeoTiffImage image = reader.Image;
        var ex = await Assert.ThrowsAsync<GeoTiffFormatException>(() =>
            image.ReadWindowAsync(0, new PixelWindow(0, 0, 16, 16), new byte[256]).AsTask());
        Assert.Contains("tile 0 ", ex.Message);
        return ex;
    }

    /// <summary>Offset and stored length of tile 0 (GDAL writes little-endian classic TIFFs here).</summary>
    private static (int Start, int Length) Tile0(byte[] data)
    {
        var layout = TiffLayout.Parse(data);
        TiffLayout.Entry offsets = layout.Entries.First(e => e.Tag == 324);
        TiffLayout.Entry counts = layout.Entries.First(e => e.Tag == 325);
        return (Read(data, offsets), Read(data, counts));

        static int Read(byte[] file, TiffLayout.Entry e) => e.ValueSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan((int)e.ValuePosition))
            : (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)e.ValuePosition));
    }
}

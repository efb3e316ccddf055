using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Compression.Decompressors;

namespace SegmentS2.Tests.GeoTiff.Compression;

public class PackBitsDecompressorTests
{
    [Fact]
    public void Decodes_the_example_of_the_tiff_specification()
    {
        // TIFF 6.0, section 9: the packed and unpacked forms of the same data.
        byte[] packed = [0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA];
        byte[] expected =
        [
            0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22,
            0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA,
        ];
        var output = new byte[expected.Length];

        int written = new PackBitsDecompressor().Decompress(packed, output);

        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void A_run_past_the_block_is_a_format_error()
    {
        byte[] packed = [0x81, 0x07]; // 128 copies of 7
        var ex = Assert.Throws<GeoTiffFormatException>(() => new PackBitsDecompressor().Decompress(packed, new byte[100]));
        Assert.Contains("more than the block's declared 100 bytes", ex.Message);
    }

    [Fact]
    public void A_literal_run_cut_short_is_a_format_error()
    {
        byte[] packed = [0x05, 1, 2]; // declares 6 literal bytes, holds 2
        Assert.Throws<GeoTiffFormatException>(() => new PackBitsDecompressor().Decompress(packed, new byte[10]));
    }
}

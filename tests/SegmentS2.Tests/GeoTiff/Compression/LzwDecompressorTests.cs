using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Compression.Decompressors;

namespace SegmentS2.Tests.GeoTiff.Compression;

public class LzwDecompressorTests
{
    private const int Clear = 256, End = 257;

    [Fact]
    public void Decodes_literals_and_table_codes()
    {
        // Clear, A, B, 258 (= "AB", added after B), C, end: "A" "B" "AB" "C".
        byte[] output = Decode(Pack9(Clear, 'A', 'B', 258, 'C', End), 16, out int written);
        Assert.Equal("ABABC", System.Text.Encoding.ASCII.GetString(output, 0, written));
    }

    [Fact]
    public void Decodes_a_code_defined_by_itself()
    {
        // The KwKwK case: 258 is used before it is complete; it is "A" + "A".
        byte[] output = Decode(Pack9(Clear, 'A', 258, End), 16, out int written);
        Assert.Equal("AAA", System.Text.Encoding.ASCII.GetString(output, 0, written));
    }

    [Fact]
    public void Output_beyond_the_block_is_a_format_error()
    {
        byte[] codes = Pack9(Clear, 'A', 258, 259, 260, End); // A, AA, AAA, AAAA: 10 bytes
        var ex = Assert.Throws<GeoTiffFormatException>(() => Decode(codes, 6, out _));
        Assert.Contains("more than the block's declared 6 bytes", ex.Message);
    }

    [Fact]
    public void A_code_beyond_the_table_is_a_format_error()
    {
        var ex = Assert.Throws<GeoTiffFormatException>(() => Decode(Pack9(Clear, 'A', 300, End), 16, out _));
        Assert.Contains("LZW code 300", ex.Message);
    }

    [Fact]
    public void Old_style_lzw_is_refused_by_name()
    {
        var ex = Assert.Throws<UnsupportedGeoTiffException>(() => Decode([0x00, 0x01, 0x02], 16, out _));
        Assert.Contains("Old-style", ex.Message);
    }

    private static byte[] Decode(byte[] data, int capacity, out int written)
    {
        var output = new byte[capacity];
        written = new LzwDecompressor().Decompress(data, output);
        return output;
    }

    /// <summary>Packs 9-bit codes MSB-first (all tests stay below the switch to 10 bits).</summary>
    private static byte[] Pack9(params int[] codes)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (int code in codes)
        {
            buffer = (buffer << 9) | code;
            bits += 9;
            while (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }

        if (bits > 0)
        {
            bytes.Add((byte)(buffer << (8 - bits)));
        }

        return [.. bytes];
    }
}

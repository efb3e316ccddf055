using System.IO.Compression;
using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Compression.Decompressors;

namespace SegmentS2.Tests.GeoTiff.Compression;

public class DeflateDecompressorTests
{
    [Fact]
    public void Inflates_zlib_data()
    {
        byte[] original = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 % 251)).ToArray();
        var output = new byte[original.Length];

        int written = new DeflateDecompressor(TiffCompression.Deflate).Decompress(Compress(original), output);

        Assert.Equal(original.Length, written);
        Assert.Equal(original, output);
    }

    [Fact]
    public void Data_inflating_past_the_declared_block_is_a_format_error()
    {
        // A bomb: a megabyte of zeros for a 64 KiB block.
        byte[] bomb = Compress(new byte[1 << 20]);
        var ex = Assert.Throws<GeoTiffFormatException>(() => new DeflateDecompressor(TiffCompression.AdobeDeflate).Decompress(bomb, new byte[1 << 16]));
        Assert.Contains("more than the block's declared 65536 bytes", ex.Message);
    }

    [Fact]
    public void Corrupt_data_is_a_format_error()
    {
        byte[] data = Compress(Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray());
        data[10] ^= 0xFF;
        data[11] ^= 0x55;
        Assert.Throws<GeoTiffFormatException>(() => new DeflateDecompressor(TiffCompression.Deflate).Decompress(data, new byte[1000]));
    }

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}

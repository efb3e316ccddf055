using SegmentS2.Output;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SegmentS2.Tests.Output;

public class PngRgbWriterTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 200)]
    [InlineData(517, 131)]
    public async Task ImageSharps_decoder_reads_back_every_pixel_with_alpha_dropped(int width, int height)
    {
        var random = new Random(width * 1000 + height);
        using var image = new Image<Rgba32>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // Smooth ramps with noise: the Sub filter's differences wrap both ways.
                image[x, y] = new Rgba32((byte)(x * 7 + random.Next(9)), (byte)(y * 3), (byte)random.Next(256), (byte)random.Next(256));
            }
        }

        using var stream = new MemoryStream();
        await PngRgbWriter.WriteAsync(stream, image, CancellationToken.None);
        stream.Position = 0;
        var info = Image.Identify(stream);
        Assert.Equal(24, info.PixelType.BitsPerPixel);
        stream.Position = 0;
        using var decoded = Image.Load<Rgba32>(stream);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var expected = image[x, y];
                Assert.Equal(new Rgba32(expected.R, expected.G, expected.B, 255), decoded[x, y]);
            }
        }
    }
}

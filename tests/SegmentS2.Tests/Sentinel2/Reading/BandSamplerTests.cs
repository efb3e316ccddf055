using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Tests.Sentinel2.Reading;

/// <summary>Nearest sampling on the same grid against the per-pixel rule: fill only where the window still holds nodata (0).</summary>
public class BandSamplerTests
{
    [Theory]
    [InlineData(0.0, 300, 37)]    // the file covers the whole window
    [InlineData(-53.0, 300, 37)]  // the file starts 53 columns into the window: window columns 0..52 stay nodata
    [InlineData(41.0, 97, 5)]     // the window starts inside the file; odd width for the vector tail
    public void Same_grid_nearest_copies_dns_and_keeps_an_earlier_files_pixels(double fileOffsetPixels, int width, int height)
    {
        const int fileSize = 400;
        var random = new Random(5);
        var file = new ushort[fileSize * fileSize];
        for (int i = 0; i < file.Length; i++)
        {
            file[i] = (ushort)(i % 11 == 0 ? 0 : random.Next(1, 65536));
        }

        // Grid origin 0, 10 m pixels; the file's origin is fileOffsetPixels grid pixels to the right and below.
        double fileX0 = fileOffsetPixels * 10, fileY0 = -fileOffsetPixels * 10;
        int col = 20, row = 30;
        var cols = AxisMap.Create(0, 10, col, width, fileX0, 10, fileSize, bilinear: false);
        var rows = AxisMap.Create(0, -10, row, height, fileY0, -10, fileSize, bilinear: false);
        int srcWidth = cols.Max - cols.Min + 1, srcHeight = rows.Max - rows.Min + 1;
        var source = new ushort[srcWidth * srcHeight];
        for (int r = 0; r < srcHeight; r++)
        {
            file.AsSpan((rows.Min + r) * fileSize + cols.Min, srcWidth).CopyTo(source.AsSpan(r * srcWidth));
        }

        // An earlier file in mosaic order left values in every third row's first half.
        var destination = new float[width * height];
        for (int r = 0; r < height; r += 3)
        {
            destination.AsSpan(r * width, width / 2).Fill(7f);
        }

        var expected = (float[])destination.Clone();
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                // Hand-worked: grid pixel (col + c, row + r) has file pixel (col + c - offset, row + r - offset).
                int fc = col + c - (int)fileOffsetPixels, fr = row + r - (int)fileOffsetPixels;
                if (fc >= 0 && fc < fileSize && fr >= 0 && fr < fileSize && expected[r * width + c] == 0)
                {
                    expected[r * width + c] = file[fr * fileSize + fc];
                }
            }
        }

        BandSampler.Sample(source, cols, rows, bilinear: false, destination, width);
        Assert.Equal(expected, destination);
    }
}

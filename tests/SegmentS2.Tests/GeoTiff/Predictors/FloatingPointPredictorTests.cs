using System.Runtime.InteropServices;
using SegmentS2.GeoTiff.Predictors;

namespace SegmentS2.Tests.GeoTiff.Predictors;

public class FloatingPointPredictorTests
{
    [Fact]
    public void Decodes_byte_planes_of_one_row()
    {
        // 1.0f = 3F 80 00 00 and -2.5f = C0 20 00 00 (big-endian). Technical note 3 stores the most
        // significant bytes first: 3F C0 | 80 20 | 00 00 | 00 00, then byte differences:
        // 3F, C0-3F=81, 80-C0=C0, 20-80=A0, 00-20=E0, 00, 00, 00.
        byte[] row = [0x3F, 0x81, 0xC0, 0xA0, 0xE0, 0x00, 0x00, 0x00];
        FloatingPointPredictor.Decode(row, rows: 1, samplesPerRow: 2, stride: 1, bytesPerSample: 4, new byte[8]);
        Assert.Equal(new[] { 1.0f, -2.5f }, MemoryMarshal.Cast<byte, float>(row).ToArray());
    }

    [Fact]
    public void Decodes_doubles_with_interleaved_bands()
    {
        // Two bands, one pixel: 2.0 = 40 00 .. and 0.5 = 3F E0 ..; planes: 40 3F | 00 E0 | 00 00 ... (8 planes).
        // With stride 2, each byte is differenced against the byte two places before.
        byte[] planes = [0x40, 0x3F, 0x00, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var row = new byte[16];
        row[0] = planes[0];
        row[1] = planes[1];
        for (int i = 2; i < 16; i++)
        {
            row[i] = (byte)(planes[i] - planes[i - 2]);
        }

        FloatingPointPredictor.Decode(row, rows: 1, samplesPerRow: 2, stride: 2, bytesPerSample: 8, new byte[16]);
        Assert.Equal(new[] { 2.0, 0.5 }, MemoryMarshal.Cast<byte, double>(row).ToArray());
    }
}

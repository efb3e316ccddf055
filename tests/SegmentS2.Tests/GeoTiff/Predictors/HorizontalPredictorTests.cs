using System.Runtime.InteropServices;
using SegmentS2.GeoTiff.Predictors;

namespace SegmentS2.Tests.GeoTiff.Predictors;

public class HorizontalPredictorTests
{
    [Fact]
    public void Bytes_accumulate_with_wrap_around()
    {
        byte[] row = [1, 1, 1, 255];
        HorizontalPredictor.Decode(row, rows: 1, samplesPerRow: 4, stride: 1, bytesPerSample: 1);
        Assert.Equal(new byte[] { 1, 2, 3, 2 }, row);
    }

    [Fact]
    public void Interleaved_bands_accumulate_separately()
    {
        ushort[] samples = [10, 20, 30, 1, 2, 3, 1, 1, 1];
        HorizontalPredictor.Decode(MemoryMarshal.AsBytes(samples.AsSpan()), rows: 1, samplesPerRow: 9, stride: 3, bytesPerSample: 2);
        Assert.Equal(new ushort[] { 10, 20, 30, 11, 22, 33, 12, 23, 34 }, samples);
    }

    [Fact]
    public void Rows_are_independent()
    {
        uint[] samples = [5, 1, 1, 7, uint.MaxValue, 2];
        HorizontalPredictor.Decode(MemoryMarshal.AsBytes(samples.AsSpan()), rows: 2, samplesPerRow: 3, stride: 1, bytesPerSample: 4);
        Assert.Equal(new uint[] { 5, 6, 7, 7, 6, 8 }, samples);
    }

    [Fact]
    public void Sixty_four_bit_samples_accumulate()
    {
        ulong[] samples = [1UL << 40, 3, ulong.MaxValue];
        HorizontalPredictor.Decode(MemoryMarshal.AsBytes(samples.AsSpan()), rows: 1, samplesPerRow: 3, stride: 1, bytesPerSample: 8);
        Assert.Equal(new ulong[] { 1UL << 40, (1UL << 40) + 3, (1UL << 40) + 2 }, samples);
    }
}

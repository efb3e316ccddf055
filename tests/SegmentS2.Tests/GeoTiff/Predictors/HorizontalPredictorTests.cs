using System.Runtime.InteropServices;
using SegmentS2.GeoTiff.Predictors;

namespace SegmentS2.Tests.GeoTiff.Predictors;

public class HorizontalPredictorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(512)]
    [InlineData(531)]
    public void Encode_writes_each_sample_minus_its_left_neighbour_with_wrap_around_at_every_width(int length)
    {
        var random = new Random(length);
        var bytes = new byte[length];
        var shorts = new ushort[length];
        var ints = new uint[length];
        var longs = new ulong[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.Next(256);
            shorts[i] = (ushort)random.Next(65536);
            ints[i] = (uint)random.NextInt64(uint.MaxValue + 1L);
            longs[i] = (ulong)random.NextInt64() * 3;
        }

        var b = new byte[length];
        var s = new ushort[length];
        var n = new uint[length];
        var l = new ulong[length];
        HorizontalPredictor.Encode<byte>(bytes, b);
        HorizontalPredictor.Encode<ushort>(shorts, s);
        HorizontalPredictor.Encode<uint>(ints, n);
        HorizontalPredictor.Encode<ulong>(longs, l);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(i == 0 ? bytes[0] : unchecked((byte)(bytes[i] - bytes[i - 1])), b[i]);
            Assert.Equal(i == 0 ? shorts[0] : unchecked((ushort)(shorts[i] - shorts[i - 1])), s[i]);
            Assert.Equal(i == 0 ? ints[0] : unchecked(ints[i] - ints[i - 1]), n[i]);
            Assert.Equal(i == 0 ? longs[0] : unchecked(longs[i] - longs[i - 1]), l[i]);
        }

        // And the reader's Decode undoes it.
        HorizontalPredictor.Decode(MemoryMarshal.AsBytes(s.AsSpan()), rows: 1, samplesPerRow: length, stride: 1, bytesPerSample: 2);
        Assert.Equal(shorts, s);
    }

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

public class HorizontalPredictorVectorTests
{
    [Theory]
    [InlineData(1, 16)]
    [InlineData(1, 517)]
    [InlineData(2, 8)]
    [InlineData(2, 513)]
    [InlineData(4, 4)]
    [InlineData(4, 1001)]
    public void Long_single_band_rows_equal_the_running_sum(int bytesPerSample, int samples)
    {
        var random = new Random(samples * 31 + bytesPerSample);
        byte[] data = new byte[samples * bytesPerSample * 3];
        random.NextBytes(data);
        byte[] expected = (byte[])data.Clone();
        for (int r = 0; r < 3; r++)
        {
            Span<byte> row = expected.AsSpan(r * samples * bytesPerSample, samples * bytesPerSample);
            for (int i = 1; i < samples; i++)
            {
                // The definition: each sample plus its left neighbour, wrapping at the sample width.
                ulong left = Read(row, i - 1, bytesPerSample), here = Read(row, i, bytesPerSample);
                Write(row, i, bytesPerSample, left + here);
            }
        }

        HorizontalPredictor.Decode(data, rows: 3, samplesPerRow: samples, stride: 1, bytesPerSample);

        Assert.Equal(expected, data);
    }

    private static ulong Read(Span<byte> row, int i, int size) => size switch
    {
        1 => row[i],
        2 => BitConverter.ToUInt16(row.Slice(i * 2, 2)),
        _ => BitConverter.ToUInt32(row.Slice(i * 4, 4)),
    };

    private static void Write(Span<byte> row, int i, int size, ulong value)
    {
        switch (size)
        {
            case 1: row[i] = (byte)value; break;
            case 2: BitConverter.TryWriteBytes(row.Slice(i * 2, 2), (ushort)value); break;
            default: BitConverter.TryWriteBytes(row.Slice(i * 4, 4), (uint)value); break;
        }
    }
}

using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Compression.Deflate;

namespace SegmentS2.Tests.GeoTiff.Compression;

/// <summary>
/// Runs <see cref="ZlibInflater"/> with both buffers as windows of larger arrays full of random
/// bytes, and asserts that nothing outside the destination window changed: any write past either end,
/// by the fast path's overcopy included, shows up in the guard bytes.
/// </summary>
internal static class GuardedInflate
{
    /// <summary>The message of the overflow error the tests pass in.</summary>
    public const string OverflowMessage = "overflow";

    // Wider than the inflater's widest unchecked write (a 258-byte match plus its overcopy).
    private const int Guard = 512;

    /// <summary>Bytes written and the destination window, or the exception thrown.</summary>
    public static (int Written, byte[] Output, Exception? Error) Run(ZlibInflater inflater, byte[] data, int capacity, int seed)
    {
        var random = new Random(seed);
        var input = new byte[data.Length + Guard];
        random.NextBytes(input.AsSpan(0, Guard / 2));
        random.NextBytes(input.AsSpan(Guard / 2 + data.Length));
        data.CopyTo(input, Guard / 2);
        var buffer = new byte[capacity + (2 * Guard)];
        random.NextBytes(buffer.AsSpan(0, Guard));
        random.NextBytes(buffer.AsSpan(Guard + capacity));
        byte[] before = [.. buffer.AsSpan(0, Guard), .. buffer.AsSpan(Guard + capacity)];

        int written = -1;
        Exception? error = null;
        try
        {
            written = inflater.Inflate(input.AsSpan(Guard / 2, data.Length), buffer.AsSpan(Guard, capacity), () => new GeoTiffFormatException(OverflowMessage));
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Assert.True(before.AsSpan(0, Guard).SequenceEqual(buffer.AsSpan(0, Guard)), "the inflater wrote before the destination");
        Assert.True(before.AsSpan(Guard).SequenceEqual(buffer.AsSpan(Guard + capacity)), "the inflater wrote past the destination");
        Assert.True(error is null or GeoTiffFormatException, $"untyped failure: {error}");
        Assert.True(error is not null || (written >= 0 && written <= capacity), $"returned {written} for capacity {capacity}");
        return (written, buffer.AsSpan(Guard, capacity).ToArray(), error);
    }

    /// <summary>Decodes into exactly <paramref name="capacity"/> bytes and returns the output, asserting success.</summary>
    public static byte[] Decode(byte[] data, int capacity)
    {
        (int written, byte[] output, Exception? error) = Run(new ZlibInflater(), data, capacity, 1);
        Assert.Null(error);
        return output[..written];
    }

    /// <summary>Decodes and returns the <see cref="GeoTiffFormatException"/> thrown, asserting there is one.</summary>
    public static GeoTiffFormatException Reject(byte[] data, int capacity)
    {
        (_, _, Exception? error) = Run(new ZlibInflater(), data, capacity, 1);
        return Assert.IsType<GeoTiffFormatException>(error);
    }
}

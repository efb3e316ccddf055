using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>Seeded, band-sequential test rasters that look like imagery: gradients, texture and noise, plus a nodata corner.</summary>
internal static class TestRasters
{
    public static T[] Generate<T>(int width, int height, int bands, int seed, double? noData = null) where T : unmanaged
    {
        var random = new Random(seed);
        var pixels = new T[(long)width * height * bands];
        for (int b = 0; b < bands; b++)
        {
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    double v = 0.45 + 0.3 * Math.Sin((c + 7 * b) / 37.0) * Math.Cos(r / 23.0) + 0.1 * random.NextDouble();
                    long i = ((long)b * height + r) * width + c;
                    pixels[i] = noData is { } nd && r < 5 && c < 9 ? From<T>(nd) : Scale<T>(v);
                }
            }
        }

        return pixels;
    }

    /// <summary>SHA-256 of one band's samples, little-endian, row-major.</summary>
    public static string BandSha256<T>(T[] pixels, int width, int height, int band) where T : unmanaged
    {
        var span = pixels.AsSpan((int)((long)band * width * height), width * height);
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(span)));
    }

    private static T Scale<T>(double v) where T : unmanaged
    {
        object value = typeof(T) switch
        {
            var t when t == typeof(byte) => (object)(byte)Math.Clamp(v * 255, 1, 255),
            var t when t == typeof(sbyte) => (object)(sbyte)Math.Clamp(v * 250 - 125, -127, 127),
            var t when t == typeof(ushort) => (object)(ushort)Math.Clamp(v * 12000, 1, 65535),
            var t when t == typeof(short) => (object)(short)Math.Clamp(v * 20000 - 10000, -32000, 32000),
            var t when t == typeof(uint) => (object)(uint)(v * 3e9),
            var t when t == typeof(int) => (object)(int)(v * 2e9 - 1e9),
            var t when t == typeof(float) => (object)(float)(v * 0.6 - 0.1),
            var t when t == typeof(double) => (object)(v * 1e6 - 3e5),
            _ => throw new NotSupportedException(typeof(T).Name),
        };
        return (T)value;
    }

    private static T From<T>(double v) where T : unmanaged => (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
}

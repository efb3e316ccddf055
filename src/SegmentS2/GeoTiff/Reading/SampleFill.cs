using System.Runtime.InteropServices;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Reading;

/// <summary>The fill for absent (sparse) blocks: the nodata value in the band's type, else zero, as GDAL does.</summary>
internal static class SampleFill
{
    // C's NAN, which GDAL fills with; .NET's double.NaN has the sign bit set.
    private const int PositiveQuietNaN32 = 0x7FC00000;
    private const long PositiveQuietNaN64 = 0x7FF8000000000000;

    /// <summary>
    /// The bytes of one sample holding <paramref name="value"/> converted as GDAL converts it
    /// (rounded and clamped to the type's range; NaN becomes 0 for integers).
    /// </summary>
    public static byte[] Pattern(RasterDataType type, double? value)
    {
        double v = value ?? 0;
        return type switch
        {
            RasterDataType.Byte => [(byte)ToInteger(v, byte.MinValue, byte.MaxValue)],
            RasterDataType.SByte => [(byte)(sbyte)ToInteger(v, sbyte.MinValue, sbyte.MaxValue)],
            RasterDataType.UInt16 => BitConverter.GetBytes((ushort)ToInteger(v, ushort.MinValue, ushort.MaxValue)),
            RasterDataType.Int16 => BitConverter.GetBytes((short)ToInteger(v, short.MinValue, short.MaxValue)),
            RasterDataType.UInt32 => BitConverter.GetBytes((uint)ToInteger(v, uint.MinValue, uint.MaxValue)),
            RasterDataType.Int32 => BitConverter.GetBytes((int)ToInteger(v, int.MinValue, int.MaxValue)),
            RasterDataType.Float32 => BitConverter.GetBytes(double.IsNaN(v) ? BitConverter.Int32BitsToSingle(PositiveQuietNaN32) : (float)v),
            _ => BitConverter.GetBytes(double.IsNaN(v) ? BitConverter.Int64BitsToDouble(PositiveQuietNaN64) : v),
        };
    }

    /// <summary>Fills <paramref name="destination"/> with repetitions of the one-sample <paramref name="pattern"/>.</summary>
    public static void Fill(Span<byte> destination, ReadOnlySpan<byte> pattern)
    {
        switch (pattern.Length)
        {
            case 1:
                destination.Fill(pattern[0]);
                break;
            case 2:
                MemoryMarshal.Cast<byte, ushort>(destination).Fill(MemoryMarshal.Read<ushort>(pattern));
                break;
            case 4:
                MemoryMarshal.Cast<byte, uint>(destination).Fill(MemoryMarshal.Read<uint>(pattern));
                break;
            default:
                MemoryMarshal.Cast<byte, ulong>(destination).Fill(MemoryMarshal.Read<ulong>(pattern));
                break;
        }
    }

    private static long ToInteger(double v, long min, long max) =>
        double.IsNaN(v) ? 0 : (long)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), min, max);
}

using SegmentS2.GeoTiff.Constants;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Writing.Tiff;

/// <summary>How a .NET sample type is described in TIFF: BitsPerSample and SampleFormat.</summary>
internal readonly record struct TiffSampleType(RasterDataType DataType, ushort BitsPerSample, TiffSampleFormat SampleFormat)
{
    public bool IsFloat => SampleFormat == TiffSampleFormat.IeeeFloat;

    /// <summary>The description of <typeparamref name="T"/>.</summary>
    /// <exception cref="GeoTiffWriteException"><typeparamref name="T"/> is not a TIFF sample type.</exception>
    public static TiffSampleType Of<T>() where T : unmanaged
    {
        var t = typeof(T);
        if (t == typeof(byte)) return new(RasterDataType.Byte, 8, TiffSampleFormat.UnsignedInteger);
        if (t == typeof(sbyte)) return new(RasterDataType.SByte, 8, TiffSampleFormat.SignedInteger);
        if (t == typeof(ushort)) return new(RasterDataType.UInt16, 16, TiffSampleFormat.UnsignedInteger);
        if (t == typeof(short)) return new(RasterDataType.Int16, 16, TiffSampleFormat.SignedInteger);
        if (t == typeof(uint)) return new(RasterDataType.UInt32, 32, TiffSampleFormat.UnsignedInteger);
        if (t == typeof(int)) return new(RasterDataType.Int32, 32, TiffSampleFormat.SignedInteger);
        if (t == typeof(float)) return new(RasterDataType.Float32, 32, TiffSampleFormat.IeeeFloat);
        if (t == typeof(double)) return new(RasterDataType.Float64, 64, TiffSampleFormat.IeeeFloat);
        throw new GeoTiffWriteException(
            $"Pixels of type {t.Name} cannot be written to a GeoTIFF; use byte, sbyte, ushort, short, uint, int, float or double.");
    }

    /// <summary>True when <paramref name="value"/> is exactly representable in this type (NaN and infinities for floats).</summary>
    public bool CanRepresent(double value) => DataType switch
    {
        RasterDataType.Byte => IsIntegerIn(value, byte.MinValue, byte.MaxValue),
        RasterDataType.SByte => IsIntegerIn(value, sbyte.MinValue, sbyte.MaxValue),
        RasterDataType.UInt16 => IsIntegerIn(value, ushort.MinValue, ushort.MaxValue),
        RasterDataType.Int16 => IsIntegerIn(value, short.MinValue, short.MaxValue),
        RasterDataType.UInt32 => IsIntegerIn(value, uint.MinValue, uint.MaxValue),
        RasterDataType.Int32 => IsIntegerIn(value, int.MinValue, int.MaxValue),
        RasterDataType.Float32 => double.IsNaN(value) || (double)(float)value == value,
        _ => true,
    };

    private static bool IsIntegerIn(double value, double min, double max) => value >= min && value <= max && value == Math.Floor(value);
}

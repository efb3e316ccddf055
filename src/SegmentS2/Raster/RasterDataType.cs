namespace SegmentS2.Raster;

/// <summary>Pixel sample types, named as GDAL names them.</summary>
public enum RasterDataType
{
    /// <summary>Unsigned 8-bit integer.</summary>
    Byte,
    /// <summary>Signed 8-bit integer.</summary>
    SByte,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,
    /// <summary>Signed 16-bit integer.</summary>
    Int16,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,
    /// <summary>Signed 32-bit integer.</summary>
    Int32,
    /// <summary>IEEE 754 single precision.</summary>
    Float32,
    /// <summary>IEEE 754 double precision.</summary>
    Float64,
}

/// <summary>Helpers for <see cref="RasterDataType"/>.</summary>
public static class RasterDataTypeExtensions
{
    /// <summary>Bytes one sample of this type occupies.</summary>
    public static int SizeInBytes(this RasterDataType type) => type switch
    {
        RasterDataType.Byte or RasterDataType.SByte => 1,
        RasterDataType.UInt16 or RasterDataType.Int16 => 2,
        RasterDataType.UInt32 or RasterDataType.Int32 or RasterDataType.Float32 => 4,
        RasterDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown raster data type."),
    };
}

namespace SegmentS2.GeoTiff.Constants;

/// <summary>TIFF field (value) types of IFD entries, classic and BigTIFF.</summary>
internal enum TiffFieldType : ushort
{
    /// <summary>Unsigned 8-bit.</summary>
    Byte = 1,
    /// <summary>NUL-terminated 7-bit ASCII.</summary>
    Ascii = 2,
    /// <summary>Unsigned 16-bit.</summary>
    Short = 3,
    /// <summary>Unsigned 32-bit.</summary>
    Long = 4,
    /// <summary>Two LONGs: numerator, denominator.</summary>
    Rational = 5,
    /// <summary>Signed 8-bit.</summary>
    SByte = 6,
    /// <summary>Opaque bytes.</summary>
    Undefined = 7,
    /// <summary>Signed 16-bit.</summary>
    SShort = 8,
    /// <summary>Signed 32-bit.</summary>
    SLong = 9,
    /// <summary>Two SLONGs: numerator, denominator.</summary>
    SRational = 10,
    /// <summary>IEEE single.</summary>
    Float = 11,
    /// <summary>IEEE double.</summary>
    Double = 12,
    /// <summary>32-bit IFD offset.</summary>
    Ifd = 13,
    /// <summary>BigTIFF unsigned 64-bit.</summary>
    Long8 = 16,
    /// <summary>BigTIFF signed 64-bit.</summary>
    SLong8 = 17,
    /// <summary>BigTIFF 64-bit IFD offset.</summary>
    Ifd8 = 18,
}

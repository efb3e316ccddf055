namespace SegmentS2.GeoTiff.Constants;

/// <summary>Sizes of TIFF field types.</summary>
internal static class TiffFieldTypeExtensions
{
    /// <summary>Bytes one value of this type occupies, or 0 for a type this reader does not know.</summary>
    public static int SizeInBytes(this TiffFieldType type) => type switch
    {
        TiffFieldType.Byte or TiffFieldType.Ascii or TiffFieldType.SByte or TiffFieldType.Undefined => 1,
        TiffFieldType.Short or TiffFieldType.SShort => 2,
        TiffFieldType.Long or TiffFieldType.SLong or TiffFieldType.Float or TiffFieldType.Ifd => 4,
        TiffFieldType.Rational or TiffFieldType.SRational or TiffFieldType.Double
            or TiffFieldType.Long8 or TiffFieldType.SLong8 or TiffFieldType.Ifd8 => 8,
        _ => 0,
    };
}

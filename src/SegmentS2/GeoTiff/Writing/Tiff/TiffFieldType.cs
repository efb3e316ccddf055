namespace SegmentS2.GeoTiff.Writing.Tiff;

/// <summary>TIFF field types the writer uses, with their TIFF / BigTIFF codes.</summary>
internal enum TiffFieldType : ushort
{
    Ascii = 2,
    Short = 3,
    Long = 4,
    Double = 12,
    Long8 = 16,
}

using SegmentS2.GeoTiff.Constants;

namespace SegmentS2.GeoTiff.Ifd;

/// <summary>One 12-byte (classic) or 20-byte (BigTIFF) IFD entry.</summary>
/// <param name="Tag">Tag number.</param>
/// <param name="FieldType">Type of each value.</param>
/// <param name="Count">Number of values.</param>
/// <param name="InlineValue">
/// The value field's bytes in file order (4 or 8 of them, zero-padded): the values themselves when
/// <see cref="IsInline"/>, else their file offset.
/// </param>
/// <param name="IsInline">True when the values fit in the entry's value field.</param>
/// <param name="ValueOffset">File offset of the values when not inline; 0 when inline.</param>
internal readonly record struct IfdEntry(
    ushort Tag, TiffFieldType FieldType, ulong Count, InlineBytes InlineValue, bool IsInline, ulong ValueOffset)
{
    /// <summary>Total size of the values in bytes (fits in a long: checked when the entry was parsed).</summary>
    public long ByteLength => (long)Count * FieldType.SizeInBytes();

    /// <summary>Name for error messages: the tag's name when the reader knows it, and its number.</summary>
    public string Name => Enum.IsDefined((TiffTag)Tag) ? $"{(TiffTag)Tag} ({Tag})" : $"tag {Tag}";
}

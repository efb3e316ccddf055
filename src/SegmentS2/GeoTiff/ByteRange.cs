namespace SegmentS2.GeoTiff;

/// <summary>A run of bytes in a file: its first byte's offset and its length.</summary>
/// <param name="Offset">Offset of the first byte.</param>
/// <param name="Length">Number of bytes.</param>
public readonly record struct ByteRange(long Offset, long Length)
{
    /// <summary>Offset one past the last byte.</summary>
    public long End => Offset + Length;

    /// <summary>True when the range has no bytes.</summary>
    public bool IsEmpty => Length <= 0;

    /// <inheritdoc />
    public override string ToString() => $"[{Offset}, {End})";
}

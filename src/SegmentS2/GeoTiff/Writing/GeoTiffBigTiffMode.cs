namespace SegmentS2.GeoTiff.Writing;

/// <summary>Whether the file is written as classic TIFF (32-bit offsets) or BigTIFF (64-bit offsets).</summary>
public enum GeoTiffBigTiffMode
{
    /// <summary>BigTIFF only when the finished file would not fit in classic TIFF's 4 GiB.</summary>
    Auto,

    /// <summary>Always BigTIFF (for readers that expect it, and for tests).</summary>
    Always,

    /// <summary>Always classic TIFF; writing fails with <see cref="GeoTiffWriteException"/> when the file would exceed 4 GiB.</summary>
    Never,
}

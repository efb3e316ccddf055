namespace SegmentS2.GeoTiff.IO;

/// <summary>Range checks shared by the sources, so that no read starts outside the file.</summary>
internal static class SourceBounds
{
    /// <summary>Throws <see cref="GeoTiffFormatException"/> unless [offset, offset + count) lies inside the source.</summary>
    public static void Check(long offset, long count, long length)
    {
        if (offset < 0 || count < 0 || offset > length || count > length - offset)
        {
            throw new GeoTiffFormatException(
                $"A read of {count} bytes at offset {offset} lies outside the file ({length} bytes); the file is truncated or an offset is corrupt.");
        }
    }

    /// <summary>The error for a source that ended before its declared length.</summary>
    public static GeoTiffFormatException Truncated(long offset, long count, long length) =>
        new($"The file ended while reading {count} bytes at offset {offset} (declared length {length} bytes).");
}

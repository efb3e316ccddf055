namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// A scene could not be opened or read: a file is missing or unreachable, is no georeferenced
/// GeoTIFF, or a window lies outside the grid. Messages name files by path or by URL without query.
/// </summary>
public sealed class S2ReadException : SegmentS2DataException
{
    /// <summary>Creates the exception.</summary>
    public S2ReadException(string message, Exception? innerException = null) : base(message, innerException) { }
}

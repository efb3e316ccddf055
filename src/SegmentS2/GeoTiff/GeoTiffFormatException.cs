namespace SegmentS2.GeoTiff;

/// <summary>
/// The file is not a valid TIFF, or is corrupt or hostile: a truncated header, an offset past the
/// end of the file, a tile that decompresses to more bytes than it declares, a loop in the IFD chain.
/// The message says what is wrong and where (tag, offset, block).
/// </summary>
public class GeoTiffFormatException : SegmentS2DataException
{
    /// <summary>Creates the exception with a message.</summary>
    public GeoTiffFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public GeoTiffFormatException(string message, Exception? innerException) : base(message, innerException) { }
}

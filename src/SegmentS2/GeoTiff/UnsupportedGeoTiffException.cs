namespace SegmentS2.GeoTiff;

/// <summary>
/// The file is a valid TIFF that this reader does not decode: a codec such as old-style JPEG, LERC or
/// WebP, a sample size such as 12 or 16-bit float, complex samples, or a colour space that needs
/// conversion (other than YCbCr JPEG). The message names the unsupported feature and its value.
/// </summary>
public class UnsupportedGeoTiffException : SegmentS2DataException
{
    /// <summary>Creates the exception with a message.</summary>
    public UnsupportedGeoTiffException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public UnsupportedGeoTiffException(string message, Exception? innerException) : base(message, innerException) { }
}

namespace SegmentS2.GeoTiff.Writing;

/// <summary>
/// A GeoTIFF could not be written because of its input: invalid options, a pixel buffer or callback
/// that does not match the declared size, an unsupported sample type, or a file too large for the
/// chosen TIFF flavour. The message names the offending value. No file is left at the destination.
/// </summary>
public sealed class GeoTiffWriteException : SegmentS2DataException
{
    /// <summary>Creates the exception with a message.</summary>
    public GeoTiffWriteException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public GeoTiffWriteException(string message, Exception? innerException) : base(message, innerException) { }
}

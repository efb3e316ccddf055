namespace SegmentS2;

/// <summary>
/// Data or a remote service failed or cannot be used: a catalogue or token service, a scene's files, a GeoTIFF being read or written. The message names the file, URL or scene; retrying may help when the cause is transient.
/// </summary>
public class SegmentS2DataException : SegmentS2Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public SegmentS2DataException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public SegmentS2DataException(string message, Exception? innerException) : base(message, innerException) { }
}

namespace SegmentS2;

/// <summary>
/// Base type of every error SegmentS2 raises on purpose: bad input, unsupported data, a failed
/// remote service. Catch this to handle all of them; the message always names the offending value.
/// </summary>
public class SegmentS2Exception : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public SegmentS2Exception(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public SegmentS2Exception(string message, Exception? innerException) : base(message, innerException) { }
}

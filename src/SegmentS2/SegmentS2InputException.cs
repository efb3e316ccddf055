namespace SegmentS2;

/// <summary>
/// The caller's input is wrong: a request, an option, a prompt, a region, a band name or a CRS. The message names the value and what would be valid; fix the input and call again.
/// </summary>
public class SegmentS2InputException : SegmentS2Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public SegmentS2InputException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public SegmentS2InputException(string message, Exception? innerException) : base(message, innerException) { }
}

namespace SegmentS2;

/// <summary>
/// A SAM model cannot be loaded or run: missing or damaged files, an export in another contract, an unavailable execution provider, a failed inference. The message names the model file.
/// </summary>
public class SegmentS2ModelException : SegmentS2Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public SegmentS2ModelException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public SegmentS2ModelException(string message, Exception? innerException) : base(message, innerException) { }
}

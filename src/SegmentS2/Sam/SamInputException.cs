namespace SegmentS2.Sam;

/// <summary>
/// A value handed to a SAM session is unusable: a tensor of the wrong size, a non-finite prompt
/// coordinate, an unknown label, a destination buffer of the wrong length, an embedding from
/// another model, or an invalid option. The message names the value.
/// </summary>
public sealed class SamInputException : SegmentS2InputException
{
    /// <summary>Creates the exception.</summary>
    public SamInputException(string message) : base(message) { }
}

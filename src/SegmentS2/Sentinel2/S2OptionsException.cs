namespace SegmentS2.Sentinel2;

/// <summary>A source option with a value that cannot work (a negative limit, a relative URL...).</summary>
public sealed class S2OptionsException : SegmentS2InputException
{
    /// <summary>Creates the exception with a message naming the option and its value.</summary>
    public S2OptionsException(string message) : base(message) { }
}

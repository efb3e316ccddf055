namespace SegmentS2.Sentinel2.Validation;

/// <summary>A search or read request with an out-of-range setting (cloud cover, page size...).</summary>
public sealed class InvalidSearchRequestException : SegmentS2InputException
{
    /// <summary>Creates the exception with a message naming the setting and its value.</summary>
    public InvalidSearchRequestException(string message) : base(message) { }
}

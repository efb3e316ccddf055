namespace SegmentS2.Sentinel2.Validation;

/// <summary>A region of interest that is not a valid, non-empty EPSG:4326 polygon.</summary>
public sealed class InvalidRoiException : SegmentS2InputException
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public InvalidRoiException(string message, Exception? innerException = null) : base(message, innerException) { }
}

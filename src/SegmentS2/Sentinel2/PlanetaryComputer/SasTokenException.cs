namespace SegmentS2.Sentinel2.PlanetaryComputer;

/// <summary>The SAS token endpoint could not be reached or answered no usable token.</summary>
public sealed class SasTokenException : SegmentS2DataException
{
    /// <summary>Creates the exception; the message names the endpoint URL, never a token or key.</summary>
    public SasTokenException(string message, Exception? innerException = null) : base(message, innerException) { }
}

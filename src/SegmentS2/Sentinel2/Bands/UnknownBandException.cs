namespace SegmentS2.Sentinel2.Bands;

/// <summary>A band name that is no Sentinel-2 Level-2A band.</summary>
public sealed class UnknownBandException : SegmentS2InputException
{
    /// <summary>Creates the exception for a name.</summary>
    public UnknownBandException(string name)
        : base($"'{name}' is not a Sentinel-2 Level-2A band. Valid names: {S2Bands.ValidNamesText}.")
    {
        BandName = name;
    }

    /// <summary>The name that was asked for.</summary>
    public string BandName { get; }
}

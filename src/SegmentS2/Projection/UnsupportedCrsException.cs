namespace SegmentS2.Projection;

/// <summary>A coordinate reference system that SegmentS2 cannot build a transform for.</summary>
public sealed class UnsupportedCrsException : SegmentS2InputException
{
    /// <summary>Creates the exception for an EPSG code.</summary>
    public UnsupportedCrsException(int epsg)
        : base($"EPSG:{epsg} is not supported. Supported: EPSG:4326 (WGS 84), EPSG:3857 (Web Mercator), EPSG:32601-32660 and EPSG:32701-32760 (WGS 84 / UTM).")
    {
        Epsg = epsg;
    }

    /// <summary>The EPSG code that was asked for.</summary>
    public int Epsg { get; }
}

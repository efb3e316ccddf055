namespace SegmentS2.GeoTiff.Writing;

/// <summary>The TIFF predictor applied to each tile row before compression.</summary>
public enum GeoTiffWritePredictor
{
    /// <summary>
    /// Horizontal differencing for integer samples and the floating-point predictor for float
    /// samples when the tiles are compressed; none when they are not.
    /// </summary>
    Auto,

    /// <summary>No predictor (TIFF predictor 1).</summary>
    None,

    /// <summary>Horizontal differencing of samples (TIFF predictor 2). Integer sample types only.</summary>
    Horizontal,

    /// <summary>Byte-plane shuffle then horizontal differencing of bytes (TIFF predictor 3). Float sample types only.</summary>
    FloatingPoint,
}

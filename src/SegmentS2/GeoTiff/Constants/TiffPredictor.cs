namespace SegmentS2.GeoTiff.Constants;

/// <summary>Values of the TIFF <c>Predictor</c> tag (317) that SegmentS2 reads and writes.</summary>
internal enum TiffPredictor : ushort
{
    /// <summary>1: no prediction.</summary>
    None = 1,

    /// <summary>2: horizontal differencing of samples (TIFF 6.0, section 14).</summary>
    Horizontal = 2,

    /// <summary>3: floating-point prediction, byte planes differenced (Adobe Photoshop TIFF technical note 3).</summary>
    FloatingPoint = 3,
}

namespace SegmentS2.GeoTiff.Constants;

/// <summary>Values of the <c>SampleFormat</c> tag (339).</summary>
internal enum TiffSampleFormat : ushort
{
    /// <summary>Unsigned integer (the default).</summary>
    UnsignedInteger = 1,
    /// <summary>Two's complement signed integer.</summary>
    SignedInteger = 2,
    /// <summary>IEEE floating point.</summary>
    IeeeFloat = 3,
    /// <summary>Undefined; read as unsigned integer, as libtiff and GDAL do.</summary>
    Void = 4,
    /// <summary>Complex signed integer.</summary>
    ComplexInteger = 5,
    /// <summary>Complex IEEE floating point.</summary>
    ComplexFloat = 6,
}

namespace SegmentS2.GeoTiff.Constants;

/// <summary>Values of the <c>PhotometricInterpretation</c> tag (262).</summary>
internal enum TiffPhotometric : ushort
{
    /// <summary>Grey, 0 is white.</summary>
    MinIsWhite = 0,
    /// <summary>Grey, 0 is black.</summary>
    MinIsBlack = 1,
    /// <summary>RGB.</summary>
    Rgb = 2,
    /// <summary>Palette indices.</summary>
    Palette = 3,
    /// <summary>Transparency mask.</summary>
    Mask = 4,
    /// <summary>Separated (usually CMYK).</summary>
    Separated = 5,
    /// <summary>YCbCr, possibly subsampled.</summary>
    YCbCr = 6,
    /// <summary>CIE L*a*b*.</summary>
    CieLab = 8,
    /// <summary>ICC L*a*b*.</summary>
    IccLab = 9,
    /// <summary>ITU L*a*b*.</summary>
    ItuLab = 10,
    /// <summary>SGI LogL.</summary>
    LogL = 32844,
    /// <summary>SGI LogLuv.</summary>
    LogLuv = 32845,
}

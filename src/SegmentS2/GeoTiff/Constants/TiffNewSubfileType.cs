namespace SegmentS2.GeoTiff.Constants;

/// <summary>Flags of the <c>NewSubfileType</c> tag (254).</summary>
[Flags]
internal enum TiffNewSubfileType : uint
{
    /// <summary>A full-resolution image.</summary>
    None = 0,
    /// <summary>A reduced-resolution version of another image (an overview).</summary>
    ReducedResolution = 1,
    /// <summary>One page of a multi-page document.</summary>
    Page = 2,
    /// <summary>A transparency mask for another image.</summary>
    Mask = 4,
}

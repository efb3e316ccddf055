using NetTopologySuite.Geometries;

namespace SegmentS2.Chipping;

/// <summary>The region of interest does not overlap the raster (or has coordinates that are not finite).</summary>
public sealed class RoiOutsideRasterException : SegmentS2InputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="roi">The ROI envelope in the raster's CRS.</param>
    /// <param name="rasterWidth">Raster width in pixels.</param>
    /// <param name="rasterHeight">Raster height in pixels.</param>
    /// <param name="detail">Why, in words.</param>
    public RoiOutsideRasterException(Envelope roi, int rasterWidth, int rasterHeight, string detail)
        : base($"The region of interest {Describe(roi)} does not overlap the {rasterWidth} x {rasterHeight} px raster: {detail}.")
    {
        Roi = roi;
    }

    /// <summary>The ROI envelope in the raster's CRS.</summary>
    public Envelope Roi { get; }

    private static string Describe(Envelope e) => FormattableString.Invariant($"[{e.MinX}, {e.MinY}, {e.MaxX}, {e.MaxY}]");
}

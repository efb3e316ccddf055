using NetTopologySuite.Geometries;
using SegmentS2.Raster;

namespace SegmentS2.Chipping;

/// <summary>
/// Cuts a raster's region of interest into SAM-sized chips, exactly as the reference workflow does:
/// the ROI window (all touched pixels, grown to the chip size around its centre and clamped to the
/// raster), evenly spaced chip starts, and write windows split at the midpoints between neighbours.
/// </summary>
public interface IChipper
{
    /// <summary>Plans the chips of a raster's region of interest.</summary>
    /// <param name="rasterWidth">Raster width in pixels.</param>
    /// <param name="rasterHeight">Raster height in pixels.</param>
    /// <param name="rasterTransform">The raster's geotransform.</param>
    /// <param name="roiInRasterCrs">The ROI's envelope in the raster's CRS; null means the whole raster.</param>
    /// <returns>The plan; its chips are produced lazily.</returns>
    /// <exception cref="RasterSmallerThanChipException">The raster, or the grown ROI window, is smaller than one chip.</exception>
    /// <exception cref="RoiOutsideRasterException">The ROI does not overlap the raster.</exception>
    /// <exception cref="InvalidOptionException">The grid would need more chips than allowed.</exception>
    ChipPlan Plan(int rasterWidth, int rasterHeight, GeoTransform rasterTransform, Envelope? roiInRasterCrs);
}

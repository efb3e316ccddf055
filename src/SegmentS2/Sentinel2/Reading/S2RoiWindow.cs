using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Raster;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>Where a region of interest falls on an opened scene's grid.</summary>
internal static class S2RoiWindow
{
    /// <summary>The ROI (EPSG:4326) in the raster's CRS (vertices transformed, as the reference does).</summary>
    public static Geometry InRasterCrs(IS2SceneRaster raster, Geometry roi)
    {
        ArgumentNullException.ThrowIfNull(raster);
        ArgumentNullException.ThrowIfNull(roi);
        return CrsTransform.Create(CrsRegistry.Wgs84, raster.Epsg).Transform(roi);
    }

    /// <summary>
    /// The window of every pixel the ROI's envelope touches, clipped to the raster (empty when the
    /// ROI misses it). This is the ROI window before any growing to a chip size.
    /// </summary>
    public static PixelWindow Of(IS2SceneRaster raster, Geometry roi) =>
        Of(InRasterCrs(raster, roi).EnvelopeInternal, raster.GeoTransform, raster.Width, raster.Height);

    /// <summary>The window of every pixel an envelope (in the raster's CRS) touches, clipped to the raster.</summary>
    public static PixelWindow Of(Envelope envelope, GeoTransform transform, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var (c0, r0) = transform.MapToPixel(envelope.MinX, envelope.MaxY);
        var (c1, r1) = transform.MapToPixel(envelope.MaxX, envelope.MinY);
        double colMin = Math.Min(c0, c1), colMax = Math.Max(c0, c1), rowMin = Math.Min(r0, r1), rowMax = Math.Max(r0, r1);
        long col = (long)Math.Floor(colMin), row = (long)Math.Floor(rowMin);
        long colEnd = (long)Math.Ceiling(colMax), rowEnd = (long)Math.Ceiling(rowMax);
        col = Math.Clamp(col, 0, width);
        row = Math.Clamp(row, 0, height);
        colEnd = Math.Clamp(colEnd, col, width);
        rowEnd = Math.Clamp(rowEnd, row, height);
        return new PixelWindow((int)col, (int)row, (int)(colEnd - col), (int)(rowEnd - row));
    }
}

using NetTopologySuite.Geometries;

namespace SegmentS2.Raster;

/// <summary>What planning needs to know of a raster: its size, CRS and geotransform (no pixels).</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Epsg">EPSG code of its CRS.</param>
/// <param name="Transform">Its geotransform.</param>
public readonly record struct RasterGrid(int Width, int Height, int Epsg, GeoTransform Transform)
{
    /// <summary>The envelope of the raster's four corners in its CRS.</summary>
    public Envelope Bounds
    {
        get
        {
            var envelope = new Envelope();
            foreach (var (col, row) in new[] { (0, 0), (Width, 0), (Width, Height), (0, Height) })
            {
                var (x, y) = Transform.PixelToMap(col, row);
                envelope.ExpandToInclude(x, y);
            }

            return envelope;
        }
    }
}

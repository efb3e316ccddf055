using SegmentS2.Raster;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>The north-up 10 m-class grid an opened scene is read on.</summary>
/// <param name="Epsg">The grid's UTM EPSG code.</param>
/// <param name="Transform">The grid's geotransform.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal sealed record S2Grid(int Epsg, GeoTransform Transform, int Width, int Height);

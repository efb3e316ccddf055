using NetTopologySuite.Geometries;

namespace SegmentS2.Output;

/// <summary>One row of the <c>segments</c> layer: a kept automatic-segmentation mask as a polygon in EPSG:4326.</summary>
/// <param name="SegmentId">The mask's 0-based band index in its scene's segmentation mask raster.</param>
/// <param name="SceneId">The scene.</param>
/// <param name="DateTime">The scene's acquisition time, ISO 8601.</param>
/// <param name="Score">The decoder's predicted IoU.</param>
/// <param name="Stability">The stability score.</param>
/// <param name="PixelCount">Foreground pixels.</param>
/// <param name="AreaM2">Foreground area in square metres (pixels x pixel area).</param>
/// <param name="Geometry">2D multipolygon, longitude and latitude.</param>
internal sealed record SegmentRow(int SegmentId, string SceneId, string DateTime, float Score, float Stability, long PixelCount, double AreaM2, MultiPolygon Geometry);

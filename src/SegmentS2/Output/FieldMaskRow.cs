using NetTopologySuite.Geometries;

namespace SegmentS2.Output;

/// <summary>One row of the <c>field_masks</c> layer: a field segmented in a scene.</summary>
/// <param name="PromptId">The field's <c>prompt_id</c>.</param>
/// <param name="SceneId">The scene.</param>
/// <param name="DateTime">Acquisition time, ISO 8601 UTC.</param>
/// <param name="PixelCount">Foreground pixels of the mask.</param>
/// <param name="AreaM2">Area in square metres, in the scene's UTM CRS.</param>
/// <param name="CloudFraction">Cloudy share (SCL) of the mask's pixels with data; null when the scene has no SCL or no data there.</param>
/// <param name="Chip">The chip's read window in scene pixels, <c>col,row,width,height</c>.</param>
/// <param name="Geometry">The mask as a MultiPolygon in EPSG:4326 (longitude, latitude), holes kept.</param>
public sealed record FieldMaskRow(string PromptId, string SceneId, string DateTime, long PixelCount, double AreaM2, double? CloudFraction, string Chip, Geometry Geometry);

using NetTopologySuite.Geometries;
using SegmentS2.Prompts;
using SegmentS2.Raster;

namespace SegmentS2.Workflow;

/// <summary>What a dry run plans: a raster's grid, prompts and an optional region of interest.</summary>
/// <param name="Raster">The raster's size, CRS and geotransform.</param>
/// <param name="Prompts">The prompt features.</param>
public sealed record SegmentationPlanRequest(RasterGrid Raster, PromptCollection Prompts)
{
    /// <summary>The region of interest; null means the whole raster, as in the reference.</summary>
    public Geometry? Roi { get; init; }

    /// <summary>EPSG code of <see cref="Roi"/>'s coordinates (4326, longitude and latitude, by default).</summary>
    public int RoiEpsg { get; init; } = Projection.CrsRegistry.Wgs84;

    /// <summary>EPSG code of the prompt coordinates; null uses the GeoJSON's <c>crs</c> member, else 4326.</summary>
    public int? PromptsEpsg { get; init; }

    /// <summary>Maximum prompt elements per decoder call (64 in the reference).</summary>
    public int PointsPerBatch { get; init; } = 64;
}

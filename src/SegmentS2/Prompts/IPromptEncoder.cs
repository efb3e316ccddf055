using NetTopologySuite.Features;
using SegmentS2.Chipping;
using SegmentS2.Raster;

namespace SegmentS2.Prompts;

/// <summary>
/// Turns GeoJSON point and box prompts into SAM decoder prompts: reads and validates them as the
/// reference does, converts them to raster pixels, and selects and encodes those valid in each chip.
/// </summary>
public interface IPromptEncoder
{
    /// <summary>Reads a GeoJSON FeatureCollection of prompts from text.</summary>
    FeatureCollection ReadGeoJson(string geoJson);

    /// <summary>Reads a GeoJSON FeatureCollection of prompts from a stream.</summary>
    Task<FeatureCollection> ReadGeoJsonAsync(Stream stream, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates prompts (in the reference's order: columns, geometry types, within the ROI, id and
    /// label types, at most one box per id), reprojects them to the raster CRS and converts them to
    /// fractional raster pixel coordinates.
    /// </summary>
    /// <param name="prompts">The prompt features.</param>
    /// <param name="promptsEpsg">EPSG code of the prompt coordinates (4326 unless stated).</param>
    /// <param name="rasterEpsg">EPSG code of the raster.</param>
    /// <param name="rasterTransform">The raster's geotransform.</param>
    /// <param name="roiInRasterCrs">The ROI geometry in the raster CRS; its envelope bounds the prompts.</param>
    PromptSet Prepare(FeatureCollection prompts, int promptsEpsg, int rasterEpsg, GeoTransform rasterTransform, NetTopologySuite.Geometries.Geometry roiInRasterCrs);

    /// <summary>
    /// The prompt groups valid in one chip, translated to chip coordinates and split into decoder calls
    /// of at most <paramref name="pointsPerBatch"/> prompt elements each.
    /// </summary>
    /// <param name="prompts">Prepared prompts (raster pixel coordinates).</param>
    /// <param name="chipInRaster">The chip's read window in raster pixel coordinates.</param>
    /// <param name="pointsPerBatch">Maximum prompt elements per decoder call (64 in the reference).</param>
    IReadOnlyList<ChipPrompt> ForChip(PromptSet prompts, PixelWindow chipInRaster, int pointsPerBatch);
}

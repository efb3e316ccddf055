using NetTopologySuite.Geometries;
using SegmentS2.Raster;

namespace SegmentS2.Prompts;

/// <summary>
/// Turns GeoJSON point and box prompts into SAM decoder prompts: reads and validates them as the
/// reference does, converts them to pixel coordinates, and selects and encodes those valid in each chip.
/// </summary>
public interface IPromptEncoder
{
    /// <summary>Reads a GeoJSON FeatureCollection of prompts from text.</summary>
    /// <exception cref="PromptValidationException">Not JSON, not a FeatureCollection, an unreadable feature, or a bad <c>crs</c> member.</exception>
    PromptCollection ReadGeoJson(string geoJson);

    /// <summary>Reads a GeoJSON FeatureCollection of prompts from a stream.</summary>
    /// <inheritdoc cref="ReadGeoJson" path="/exception"/>
    Task<PromptCollection> ReadGeoJsonAsync(Stream stream, CancellationToken cancellationToken = default);

    /// <summary>Reads a GeoJSON FeatureCollection of prompts from a file.</summary>
    /// <exception cref="PromptValidationException">The file cannot be read, or its content is not valid prompts GeoJSON.</exception>
    Task<PromptCollection> ReadGeoJsonFileAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates prompts (in the reference's order: properties, geometry types, within the ROI, id and
    /// label types, at most one box per id), reprojects them to the raster CRS and converts them to
    /// fractional pixel coordinates of <paramref name="pixelTransform"/>'s grid.
    /// </summary>
    /// <param name="prompts">The prompt features.</param>
    /// <param name="rasterEpsg">EPSG code of the raster.</param>
    /// <param name="pixelTransform">The geotransform whose pixels the prompts are converted to: the ROI window's (<see cref="Chipping.ChipPlan.RoiTransform"/>), so chip windows and prompts share one grid.</param>
    /// <param name="roiInRasterCrs">The ROI envelope in the raster CRS; every prompt must lie strictly within it.</param>
    /// <param name="promptsEpsg">EPSG code of the prompt coordinates; when null, the GeoJSON's <c>crs</c> member, else 4326.</param>
    /// <exception cref="PromptValidationException">A prompt breaks a rule; the message names the feature and the value.</exception>
    /// <exception cref="Projection.UnsupportedCrsException">The prompts' or raster's CRS is not supported.</exception>
    PromptSet Prepare(PromptCollection prompts, int rasterEpsg, GeoTransform pixelTransform, Envelope roiInRasterCrs, int? promptsEpsg = null);

    /// <summary>
    /// The prompt groups valid in one chip, translated to chip coordinates and split into decoder calls
    /// of at most <paramref name="pointsPerBatch"/> prompt elements each.
    /// </summary>
    /// <param name="prompts">Prepared prompts.</param>
    /// <param name="chipWindow">The chip's read window in the prompts' pixel grid (<see cref="Chipping.Chip.Read"/>).</param>
    /// <param name="pointsPerBatch">Maximum prompt elements per decoder call (64 in the reference); a box counts as one element.</param>
    IReadOnlyList<ChipPrompt> ForChip(PromptSet prompts, PixelWindow chipWindow, int pointsPerBatch = 64);
}

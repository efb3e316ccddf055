using NetTopologySuite.Geometries;
using SegmentS2.Raster;

namespace SegmentS2.Prompts;

/// <summary>
/// The reference's prompt handling for GeoJSON prompts (FarmVibes.AI <c>vibe_lib/segment_anything.py</c>):
/// validation in its order, reprojection, pixel conversion, box growth, id remapping, per-chip selection and
/// decoder encoding. Stateless and thread-safe. See <c>docs/chips-and-prompts.md</c>.
/// </summary>
public sealed class GeoJsonPromptEncoder : IPromptEncoder
{
    /// <inheritdoc />
    public PromptCollection ReadGeoJson(string geoJson) => GeoJsonPromptReader.Parse(geoJson);

    /// <inheritdoc />
    public Task<PromptCollection> ReadGeoJsonAsync(Stream stream, CancellationToken cancellationToken = default) =>
        GeoJsonPromptReader.ParseAsync(stream, cancellationToken);

    /// <inheritdoc />
    public async Task<PromptCollection> ReadGeoJsonFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new PromptValidationException(PromptValidationRule.Unreadable, $"The prompt file '{path}' cannot be read: {e.Message}", value: path, innerException: e);
        }

        await using (stream.ConfigureAwait(false))
        {
            return await GeoJsonPromptReader.ParseAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public PromptSet Prepare(PromptCollection prompts, int rasterEpsg, GeoTransform pixelTransform, Envelope roiInRasterCrs, int? promptsEpsg = null) =>
        PromptPreparer.Prepare(prompts, rasterEpsg, pixelTransform, roiInRasterCrs, promptsEpsg);

    /// <inheritdoc />
    public IReadOnlyList<ChipPrompt> ForChip(PromptSet prompts, PixelWindow chipWindow, int pointsPerBatch = 64) =>
        ChipPromptSelector.ForChip(prompts, chipWindow, pointsPerBatch);
}

using System.Globalization;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.Clouds;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Sentinel2.Scenes;

/// <summary>Applies a <see cref="S2SceneSelection"/>: cloud limit, then policy.</summary>
public static class S2SceneSelector
{
    /// <summary>Filters and picks among scenes whose cloud fractions are already known.</summary>
    public static IReadOnlyList<S2SceneCandidate> Select(IEnumerable<S2SceneCandidate> candidates, S2SceneSelection selection)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(selection);
        ValidateSelection(selection);
        var kept = candidates
            .Where(c => selection.MaxCloudFraction is not double max || c.CloudFraction is not double f || f <= max)
            .OrderBy(c => c.Scene.DateTime)
            .ThenBy(c => c.Scene.Id, StringComparer.Ordinal)
            .ToList();
        if (kept.Count == 0)
        {
            return kept;
        }

        return selection.Policy switch
        {
            S2ScenePolicy.All => kept,
            S2ScenePolicy.Newest => [kept[^1]],
            S2ScenePolicy.LeastCloudy => [kept
                .OrderBy(c => c.CloudFraction ?? double.MaxValue)
                .ThenByDescending(c => c.Scene.DateTime)
                .First()],
            _ => throw new InvalidSearchRequestException($"Unknown scene policy {selection.Policy}."),
        };
    }

    /// <summary>
    /// Searches <paramref name="source"/>, then selects among what it found: the step every way to segment starts with.
    /// Returns the selected scenes and how many the search found.
    /// </summary>
    /// <exception cref="NoScenesFoundException">The search found nothing, or no scene passes the cloud limit.</exception>
    internal static async Task<(IReadOnlyList<S2SceneCandidate> Selected, int Found)> SearchAndSelectAsync(
        IS2Source source, S2SearchRequest search, S2SceneSelection selection, CancellationToken cancellationToken)
    {
        var found = await source.SearchAsync(search, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            throw new NoScenesFoundException(source.Name, search.Roi, search.Start, search.End);
        }

        return (await SelectAsync(source, search, found, selection, cancellationToken).ConfigureAwait(false), found.Count);
    }

    /// <summary>
    /// Measures (or looks up) each scene's cloud fraction, then applies the selection. With
    /// <see cref="S2SceneSelection.MeasureCloudsOverRoi"/>, each scene's SCL band is read over the ROI
    /// window only; otherwise <c>eo:cloud_cover</c> of the tiles is used.
    /// </summary>
    /// <exception cref="NoScenesFoundException">No scene passes the cloud limit.</exception>
    public static async Task<IReadOnlyList<S2SceneCandidate>> SelectAsync(
        IS2Source source, S2SearchRequest search, IReadOnlyList<S2Scene> scenes, S2SceneSelection selection,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(scenes);
        ArgumentNullException.ThrowIfNull(selection);
        ValidateSelection(selection);
        bool needClouds = selection.MaxCloudFraction is not null || selection.Policy == S2ScenePolicy.LeastCloudy;
        var candidates = new List<S2SceneCandidate>(scenes.Count);
        foreach (var scene in scenes)
        {
            double? fraction = scene.CloudCover / 100;
            if (needClouds && selection.MeasureCloudsOverRoi)
            {
                await using var raster = await source.OpenAsync(scene, new S2ReadRequest(search.Roi, [S2Bands.Scl]), cancellationToken).ConfigureAwait(false);
                var window = S2RoiWindow.Of(raster, search.Roi);
                fraction = window.IsEmpty ? null : (await S2CloudMask.MeasureAsync(raster, window, cancellationToken).ConfigureAwait(false)).Fraction;
            }

            candidates.Add(new S2SceneCandidate(scene, fraction));
        }

        var selected = Select(candidates, selection);
        if (selected.Count == 0)
        {
            throw new NoScenesFoundException(source.Name, search.Roi, search.Start, search.End,
                string.Create(CultureInfo.InvariantCulture, $"with a cloud fraction at most {selection.MaxCloudFraction:0.###} ({scenes.Count} scenes before the cloud limit)"));
        }

        return selected;
    }

    private static void ValidateSelection(S2SceneSelection selection)
    {
        if (selection.MaxCloudFraction is double m && (!double.IsFinite(m) || m < 0 || m > 1))
        {
            throw new InvalidSearchRequestException(string.Create(CultureInfo.InvariantCulture, $"Maximum cloud fraction {m} is not in 0..1."));
        }
    }
}

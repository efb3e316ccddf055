using Microsoft.Extensions.Logging;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Sentinel2.Stac;

/// <summary>The search half of a STAC-backed source: run the search, parse items, group them into scenes.</summary>
internal static class StacSceneSearch
{
    public static async Task<IReadOnlyList<S2Scene>> SearchAsync(StacSearchClient client, Uri searchUrl, string collection,
        string? sortField, S2SearchRequest request, string sourceName, ILogger logger, CancellationToken cancellationToken)
    {
        S2RequestValidator.Validate(request);
        var body = StacSearchBody.Create(collection, request, sortField);
        var items = new List<S2Item>();
        int skipped = 0;
        await foreach (var feature in client.SearchAsync(searchUrl, body, request.MaxItems, cancellationToken).ConfigureAwait(false))
        {
            var item = StacItemParser.Parse(feature);
            // Servers that ignore a filter must not widen the result.
            if ((item.Collection is not null && !string.Equals(item.Collection, collection, StringComparison.Ordinal))
                || item.DateTime < request.Start || item.DateTime > request.End
                || (request.MaxCloudCover is double max && item.CloudCover is double cloud && cloud >= max)
                || (item.Footprint is { IsEmpty: false } footprint && !footprint.EnvelopeInternal.Intersects(request.Roi.EnvelopeInternal)))
            {
                skipped++;
                continue;
            }

            items.Add(item);
        }

        logger.LogInformation("{Source}: {Items} items found ({Skipped} outside the request dropped)", sourceName, items.Count, skipped);
        var scenes = S2SceneGrouper.Group(items);
        if (scenes.Count == 0)
        {
            throw new NoScenesFoundException(sourceName, request.Roi, request.Start, request.End,
                request.MaxCloudCover is double m ? $"with cloud cover below {m}%" : null);
        }

        return scenes;
    }
}

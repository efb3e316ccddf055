using Microsoft.Extensions.Logging;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>Opens a scene for reading: resolves bands, opens each needed file's header once, plans the grid.</summary>
internal static class S2SceneOpener
{
    public static async Task<IS2SceneRaster> OpenAsync(S2Scene scene, S2ReadRequest request, IS2AssetOpener opener,
        S2SourceOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        S2RequestValidator.Validate(request);
        var bandIds = S2Bands.ResolveAll(request.Bands);
        if (scene.Items.Count == 0)
        {
            throw new S2ReadException($"Scene '{scene.Id}' has no items.");
        }

        // Every band of every item must exist before anything is fetched.
        var assets = scene.Items
            .Select(item => bandIds.Select(b => item.FindBand(b) ?? throw new MissingBandException(item.Id, b, item.Assets.Keys)).ToArray())
            .ToArray();

        var opened = new Dictionary<(string Item, string Key), Task<IS2BandFile>>();
        using var gate = new SemaphoreSlim(options.MaxConcurrentFileOpens);
        for (int i = 0; i < scene.Items.Count; i++)
        {
            foreach (var asset in assets[i])
            {
                var key = (scene.Items[i].Id, asset.Key);
                if (!opened.ContainsKey(key))
                {
                    opened[key] = OpenOneAsync(opener, scene.Items[i], asset, gate, cancellationToken);
                }
            }
        }

        try
        {
            await Task.WhenAll(opened.Values).ConfigureAwait(false);
        }
        catch
        {
            foreach (var task in opened.Values.Where(t => t.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync().ConfigureAwait(false);
            }

            var failure = opened.Values.FirstOrDefault(t => t.IsFaulted)?.Exception?.InnerException;
            if (failure is not null && failure is not SegmentS2Exception)
            {
                throw new S2ReadException($"Scene '{scene.Id}' could not be opened: {failure.Message}", failure);
            }

            throw;
        }

        var items = scene.Items
            .Select((item, i) => new S2ItemFiles(item, assets[i].Select(a => opened[(item.Id, a.Key)].Result).ToArray()))
            .ToArray();
        try
        {
            var (grid, ordered) = S2GridPlanner.Plan(items, bandIds, request.Roi);
            var primary = ordered[0].Item;
            var bands = bandIds.Select(b => S2Reflectance.BandInfo(primary, b, primary.FindBand(b), request.ApplyBoaOffset)).ToArray();
            WarnOnMixedScaling(scene, bandIds, bands, request.ApplyBoaOffset, logger);
            logger.LogDebug("Opened scene {Scene}: {Items} tiles, {Files} files, grid EPSG:{Epsg} {Width} x {Height}",
                scene.Id, items.Length, opened.Count, grid.Epsg, grid.Width, grid.Height);
            return new S2SceneRaster(scene, grid, ordered, bandIds, bands, request.Resampling, new S2TileCache(options.TileCacheBytes));
        }
        catch
        {
            foreach (var task in opened.Values)
            {
                await task.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static async Task<IS2BandFile> OpenOneAsync(IS2AssetOpener opener, S2Item item, S2Asset asset, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await opener.OpenAsync(item, asset, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not SegmentS2Exception and not OperationCanceledException)
        {
            throw new S2ReadException($"Asset '{asset.Key}' of item '{item.Id}' ({UrlRedaction.WithoutQuery(asset.Href)}) could not be opened: {ex.Message}", ex);
        }
        finally
        {
            gate.Release();
        }
    }

    private static void WarnOnMixedScaling(S2Scene scene, IReadOnlyList<string> bandIds, IReadOnlyList<S2BandInfo> bands, bool applyBoaOffset, ILogger logger)
    {
        foreach (var item in scene.Items)
        {
            for (int b = 0; b < bandIds.Count; b++)
            {
                var info = S2Reflectance.BandInfo(item, bandIds[b], item.FindBand(bandIds[b]), applyBoaOffset);
                if (info != bands[b])
                {
                    logger.LogWarning("Scene {Scene}: tile {Item} scales {Band} as {Scale} / {Offset}, unlike the primary tile ({PScale} / {POffset}); the primary tile's scaling is reported.",
                        scene.Id, item.Id, bandIds[b], info.Scale, info.Offset, bands[b].Scale, bands[b].Offset);
                    return;
                }
            }
        }
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Sentinel2.LocalFiles;

/// <summary>
/// Sentinel-2 scenes from local files, for offline use, tests and demos: folders of GeoTIFFs named
/// by band, lists of GeoTIFFs, or STAC item JSON files whose hrefs are relative, absolute or
/// <c>file://</c> (remote hrefs are matched to same-named files beside the JSON; see
/// <see cref="LocalFilesOptions.Paths"/>). Search filters the items by region and time range.
/// </summary>
public sealed class LocalFilesSource : IS2Source
{
    private readonly LocalFilesOptions _options;
    private readonly ILogger _logger;
    private readonly LocalFileAssetOpener _opener;

    /// <summary>Creates the source.</summary>
    public LocalFilesSource(LocalFilesOptions options, ILogger<LocalFilesSource>? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _opener = new LocalFileAssetOpener(_logger);
    }

    /// <inheritdoc />
    public string Name => "local";

    /// <summary>Every item the configured paths hold, with hrefs resolved to local paths.</summary>
    /// <exception cref="S2ReadException">A path does not exist, a JSON file is no STAC item, or a folder holds no band GeoTIFF.</exception>
    public async Task<IReadOnlyList<S2Item>> LoadItemsAsync(CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken).ConfigureAwait(false)).Select(e => e.Item).ToArray();

    /// <summary>Every item of the configured paths grouped into scenes, without filtering.</summary>
    public async Task<IReadOnlyList<S2Scene>> LoadScenesAsync(CancellationToken cancellationToken = default) =>
        S2SceneGrouper.Group(await LoadItemsAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<IReadOnlyList<S2Scene>> SearchAsync(S2SearchRequest request, CancellationToken cancellationToken = default)
    {
        S2RequestValidator.Validate(request);
        var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var items = entries
            .Where(e => e.TimeKnown is false || (e.Item.DateTime >= request.Start && e.Item.DateTime <= request.End))
            .Where(e => e.Item.Footprint is null || e.Item.Footprint.Intersects(request.Roi))
            .Where(e => request.MaxCloudCover is not double max || e.Item.CloudCover is not double c || c < max)
            .Select(e => e.Item)
            .ToArray();
        _logger.LogInformation("local: {Matching} of {Total} items match the region and time range", items.Length, entries.Count);
        var scenes = S2SceneGrouper.Group(items);
        if (scenes.Count == 0)
        {
            throw new NoScenesFoundException($"local files ({string.Join(", ", _options.Paths)})", request.Roi, request.Start, request.End);
        }

        return scenes;
    }

    /// <inheritdoc />
    public Task<IS2SceneRaster> OpenAsync(S2Scene scene, S2ReadRequest request, CancellationToken cancellationToken = default) =>
        S2SceneOpener.OpenAsync(scene, request, _opener, _options, _logger, cancellationToken);

    private async Task<List<Entry>> LoadAsync(CancellationToken cancellationToken)
    {
        var entries = new List<Entry>();
        var looseFiles = new List<string>();
        foreach (var path in _options.Paths)
        {
            var full = Path.GetFullPath(path);
            UnsupportedLocalFormat.ThrowIfUnsupported(full, path);
            if (Directory.Exists(full))
            {
                var fromJson = Directory.EnumerateFiles(full, "*.json").Order(StringComparer.Ordinal)
                    .SelectMany(f => TryReadItems(f)).ToList();
                if (fromJson.Count > 0)
                {
                    entries.AddRange(fromJson);
                    continue;
                }

                var tifs = Directory.EnumerateFiles(full).Where(IsGeoTiff).Order(StringComparer.Ordinal).ToList();
                entries.Add(await ItemFromGeoTiffsAsync(Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)), tifs, full, cancellationToken).ConfigureAwait(false));
            }
            else if (File.Exists(full))
            {
                if (IsGeoTiff(full))
                {
                    looseFiles.Add(full);
                }
                else
                {
                    entries.AddRange(ReadItems(full));
                }
            }
            else
            {
                throw new S2ReadException($"Local path '{path}' does not exist.");
            }
        }

        if (looseFiles.Count > 0)
        {
            var folder = Path.GetDirectoryName(looseFiles[0])!;
            entries.Add(await ItemFromGeoTiffsAsync(Path.GetFileName(folder), looseFiles, folder, cancellationToken).ConfigureAwait(false));
        }

        return entries;
    }

    private async Task<Entry> ItemFromGeoTiffsAsync(string id, List<string> files, string where, CancellationToken cancellationToken)
    {
        var assets = new Dictionary<string, S2Asset>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var band = LocalHrefResolver.BandFromFileName(file);
            if (band is null)
            {
                continue;
            }

            if (!assets.TryAdd(band, new S2Asset(band, file, band)))
            {
                _logger.LogWarning("local: {File} is a second file for band {Band} in {Folder}; keeping {Kept}", file, band, where, assets[band].Href);
            }
        }

        if (assets.Count == 0)
        {
            throw new S2ReadException($"'{where}' holds no GeoTIFF named by a Sentinel-2 band (B04.tif, ..._B8A_20m.tif, red.tif...) and no STAC item JSON.");
        }

        var probe = new S2Item { Id = id, DateTime = _options.AcquisitionTime ?? DateTimeOffset.UnixEpoch, Assets = assets };
        await using var header = await _opener.OpenAsync(probe, assets.Values.First(), cancellationToken).ConfigureAwait(false);
        var item = probe with
        {
            Epsg = header.Epsg,
            ProcessingBaseline = _options.ProcessingBaseline,
            Footprint = FootprintOf(header),
            MgrsTile = null,
        };
        return new Entry(item, _options.AcquisitionTime is not null);
    }

    private IEnumerable<Entry> TryReadItems(string jsonFile)
    {
        try
        {
            return ReadItems(jsonFile);
        }
        catch (S2ReadException ex)
        {
            _logger.LogDebug("local: {File} skipped: {Reason}", jsonFile, ex.Message);
            return [];
        }
    }

    private static List<Entry> ReadItems(string jsonFile)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(jsonFile);
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new S2ReadException($"'{jsonFile}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var type = StacItemParser.GetString(root, "type");
            IEnumerable<JsonElement> features = type switch
            {
                "Feature" => [root],
                "FeatureCollection" when root.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array => f.EnumerateArray(),
                _ => throw new S2ReadException($"'{jsonFile}' is not a STAC item or item collection (type '{type}')."),
            };
            var folder = Path.GetDirectoryName(Path.GetFullPath(jsonFile))!;
            var entries = new List<Entry>();
            foreach (var feature in features)
            {
                S2Item item;
                try
                {
                    item = StacItemParser.Parse(feature);
                }
                catch (InvalidStacItemException ex)
                {
                    throw new S2ReadException($"'{jsonFile}': {ex.Message}", ex);
                }

                var assets = item.Assets.ToDictionary(a => a.Key, a => LocalHrefResolver.Resolve(a.Value, folder), StringComparer.Ordinal);
                entries.Add(new Entry(item with { Assets = assets }, true));
            }

            return entries;
        }
    }

    internal static Geometry FootprintOf(IS2BandFile file)
    {
        var envelope = S2GridPlanner.FileExtentIn(file, CrsRegistry.Wgs84);
        return new GeometryFactory(new PrecisionModel(), CrsRegistry.Wgs84).ToGeometry(envelope);
    }

    private static bool IsGeoTiff(string path) =>
        path.EndsWith(".tif", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tiff", StringComparison.OrdinalIgnoreCase);

    private sealed record Entry(S2Item Item, bool TimeKnown);
}

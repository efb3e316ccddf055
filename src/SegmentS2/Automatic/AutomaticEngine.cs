using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using SegmentS2.Chipping;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Output;
using SegmentS2.Pipeline;
using SegmentS2.Projection;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Validation;
using SegmentS2.Workflow;

namespace SegmentS2.Automatic;

/// <summary>
/// <see cref="SegmentS2WorkflowAutomaticExtensions.RunAutomaticAsync"/>: the same search, scene selection, chip runner and <c>s2_raster</c> as
/// <c>RunAsync</c>, with a point grid in every chip holding ROI pixels instead of prompts, the reference's selection
/// across chips, and per scene a sparse multi-band mask raster, GeoPackage rows and a quick-look.
/// </summary>
internal sealed class AutomaticEngine(IS2Source source, ISamSession sam, SegmentS2Options options, ILogger logger)
{
    public async Task<AutomaticSegmentationResult> RunAsync(AutomaticSegmentationRequest request, IProgress<SegmentS2Progress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = request.Parameters ?? throw new InvalidOptionException(nameof(request.Parameters), null, "set (the defaults are the reference's)");
        parameters.Validate();
        var search = new S2SearchRequest(request.Roi, request.Start, S2TimeRange.InclusiveEnd(request.End));
        S2RequestValidator.Validate(search);
        var folder = RunOutputFolder.Prepare(request.OutputDirectory ?? options.OutputDirectory);
        try
        {
            return await RunScenesAsync(request, parameters, search, folder.Path, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            folder.RemoveIfEmpty();
            throw;
        }
    }

    private async Task<AutomaticSegmentationResult> RunScenesAsync(AutomaticSegmentationRequest request, AutomaticSegmentationParameters parameters, S2SearchRequest search,
        string outputDirectory, IProgress<SegmentS2Progress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        progress?.Report(new SegmentS2Progress(SegmentS2Stage.Searching, 0, 0, 0, 0, 0, null));
        var selection = new S2SceneSelection { Policy = options.ScenePolicy, MaxCloudFraction = options.MaxCloudFraction };
        var (scenes, found) = await S2SceneSelector.SearchAndSelectAsync(source, search, selection, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Automatic segmentation of {SceneCount} of {FoundCount} scenes from {Source}", scenes.Count, found, source.Name);
        var results = new List<AutomaticSceneResult>(scenes.Count);
        string segmentsPath = OutputPaths.Combine(outputDirectory, SegmentGeoPackage.FileName);
        using var segments = SegmentGeoPackage.Create(segmentsPath);
        for (int i = 0; i < scenes.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await RunSceneAsync(scenes[i], i, scenes.Count, request, parameters, outputDirectory, segments, clock, progress, cancellationToken).ConfigureAwait(false));
        }

        segments.Complete();
        progress?.Report(new SegmentS2Progress(SegmentS2Stage.Completed, scenes.Count, scenes.Count, 0, 0, 0, TimeSpan.Zero));
        return new AutomaticSegmentationResult(results, outputDirectory, segmentsPath) { Total = clock.Elapsed };
    }

    private async Task<AutomaticSceneResult> RunSceneAsync(S2SceneCandidate candidate, int sceneIndex, int sceneCount, AutomaticSegmentationRequest request,
        AutomaticSegmentationParameters parameters, string outputDirectory, SegmentGeoPackage segmentsFile, Stopwatch runClock, IProgress<SegmentS2Progress>? progress,
        CancellationToken cancellationToken)
    {
        var scene = candidate.Scene;
        var total = Stopwatch.StartNew();
        progress?.Report(new SegmentS2Progress(SegmentS2Stage.OpeningScene, sceneIndex, sceneCount, 0, 0, 0, null));
        var readRequest = new S2ReadRequest(request.Roi, options.BandNames) { ApplyBoaOffset = options.ApplyBoaOffset, Resampling = options.Resampling };
        await using var raster = await source.OpenAsync(scene, readRequest, cancellationToken).ConfigureAwait(false);
        var openTime = total.Elapsed;

        // The reference's chip grid over the ROI window, with the run's spatial overlap; chips that hold no ROI pixel are not read.
        var roiInRaster = CrsTransform.Create(CrsRegistry.Wgs84, raster.Epsg).Transform(request.Roi);
        var chipper = new SpatialChipper(new ChipperOptions { SpatialOverlap = parameters.SpatialOverlap });
        var grid = chipper.Plan(raster.Width, raster.Height, raster.GeoTransform, roiInRaster.EnvelopeInternal);
        var roi = grid.RoiWindow;
        var prepared = PreparedGeometryFactory.Prepare(roiInRaster);
        var chipHasRoi = grid.Chips.Select(c => prepared.Intersects(Footprint(raster.GeoTransform, c.Read.Offset(roi.Col, roi.Row), roiInRaster.Factory))).ToArray();

        using var store = new CandidateStore(outputDirectory);
        var (scale, offset) = BandScaling.For(raster.Bands, raster.Bands.Count, options);
        var sink = new AutomaticSink(sam, parameters, grid, chipHasRoi, raster.Bands.Count, scale, offset, store);
        var run = new ChipRunRequest(raster, sink.Chips(), raster.Bands.Count, scale, offset)
        {
            SkipNodataChips = options.SkipNodataChips,
            ReleaseModelMemoryAfterLast = options.ReleaseEncoderMemoryAfterRun && sceneIndex == sceneCount - 1,
        };
        ChipRunStatistics stats;
        try
        {
            stats = await new ChipRunner(sam, logger).RunAsync(run, sink, Report, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed run leaves no decoding behind on a disposed store; the runner's error is the one that matters.
            await sink.FinishAsync().ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        await sink.FinishAsync().ConfigureAwait(false);
        var filtered = sink.Candidates.Sum(c => c.Candidates.Count);
        var kept = MaskSelection.Select(sink.Candidates, parameters.ChipNmsThr, parameters.MaskNmsThr);

        // The raster is the reference's sink unless the minimum area is asked to apply to it too.
        var writeClock = Stopwatch.StartNew();
        progress?.Report(new SegmentS2Progress(SegmentS2Stage.Writing, sceneIndex, sceneCount, grid.Count, grid.Count, raster.BytesRead, null));
        double pixelArea = Math.Abs(raster.GeoTransform.Determinant);
        bool Large(MaskCandidate c) => c.PixelCount * pixelArea >= parameters.MinAreaM2;
        var bands = parameters.MinAreaAppliesToRaster ? kept.Where(Large).ToList() : kept.ToList();
        string stem = OutputPaths.Stem(scene.Id);
        string? maskPath = null;
        var roiTransform = raster.GeoTransform.ForWindow(roi);
        void ReadBand(int band, Span<byte> destination) => store.Read(bands[band].Stored, destination);
        if (bands.Count > 0)
        {
            maskPath = OutputPaths.Combine(outputDirectory, $"{stem}_segmentation_mask.tif");
            var tiffOptions = new GeoTiffWriteOptions
            {
                Epsg = raster.Epsg,
                GeoTransform = roiTransform,
                BandDescriptions = bands.Select((_, i) => (string?)$"mask_{i}").ToArray(),
                BandMetadata = bands.Select(c => (IReadOnlyDictionary<string, string>?)new Dictionary<string, string>
                {
                    ["score"] = c.Score.ToString("R", CultureInfo.InvariantCulture),
                    ["stability"] = c.Stability.ToString("R", CultureInfo.InvariantCulture),
                }).ToArray(),
                Metadata = new Dictionary<string, string>
                {
                    ["SEGMENTS2_PRODUCT"] = "segmentation_mask",
                    ["CATEGORIES"] = MaskGeoTiffWriter.Categories,
                },
            };
            await SparseMaskGeoTiffWriter.WriteAsync(maskPath, roi.Width, roi.Height, bands.Select(c => c.Window).ToArray(), ReadBand, tiffOptions, cancellationToken).ConfigureAwait(false);
        }

        string dateTime = scene.DateTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var toWgs84 = CrsTransform.Create(raster.Epsg, CrsRegistry.Wgs84);
        int segments = segmentsFile.Add(Rows(), cancellationToken);

        // One row at a time, polygonised as the GeoPackage takes it.
        IEnumerable<SegmentRow> Rows()
        {
            for (int b = 0; b < bands.Count; b++)
            {
                var c = bands[b];
                if (!Large(c) || c.PixelCount == 0)
                {
                    continue;
                }

                var window = c.Window;
                var bitmap = new byte[window.PixelCount];
                store.Read(c.Stored, bitmap);
                var polygons = MaskPolygonizer.Polygonize(bitmap, window.Width, window.Height, raster.GeoTransform.ForWindow(window.Offset(roi.Col, roi.Row)));
                var projected = toWgs84.Transform(roiInRaster.Factory.CreateMultiPolygon([.. polygons]));
                var multi = projected as MultiPolygon ?? roiInRaster.Factory.CreateMultiPolygon([.. Enumerable.Range(0, projected.NumGeometries).Select(g => projected.GetGeometryN(g)).OfType<Polygon>()]);
                yield return new SegmentRow(b, scene.Id, dateTime, c.Score, c.Stability, c.PixelCount, c.PixelCount * pixelArea, multi);
            }
        }

        string? s2Path = options.Outputs.HasFlag(SegmentS2Outputs.S2Raster) ? OutputPaths.Combine(outputDirectory, $"{stem}_s2_raster.tif") : null;
        if (s2Path is not null)
        {
            await S2RasterOutput.WriteAsync(source, raster, request.Roi, options, roi, s2Path, logger, cancellationToken).ConfigureAwait(false);
        }

        string? quickLookPath = options.Outputs.HasFlag(SegmentS2Outputs.QuickLook) ? OutputPaths.Combine(outputDirectory, $"{stem}_quicklook.png") : null;
        if (quickLookPath is not null)
        {
            await QuickLookWriter.WriteSegmentsAsync(quickLookPath, raster, roi, bands.Select(c => c.Window).ToArray(), ReadBand, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Scene {SceneId}: {Chips} chips, {Encoded} encoded, {Prompts} prompts decoded, {Filtered} masks passed the filters, {Kept} kept, {Segments} segments; candidate store {StoreBytes} bytes",
            scene.Id, grid.Count, stats.Encoded, sink.PromptsDecoded, filtered, bands.Count, segments, store.Length);
        return new AutomaticSceneResult
        {
            SceneId = scene.Id,
            DateTime = scene.DateTime,
            SegmentationMaskPath = maskPath,
            S2RasterPath = s2Path,
            QuickLookPath = quickLookPath,
            Epsg = raster.Epsg,
            GeoTransform = roiTransform,
            Width = roi.Width,
            Height = roi.Height,
            ChipsTotal = grid.Count,
            ChipsEncoded = stats.Encoded,
            ChipsSkipped = stats.Skipped,
            PromptsDecoded = sink.PromptsDecoded,
            MasksFiltered = filtered,
            MasksKept = bands.Count,
            Segments = segments,
            Timings = stats.Timings with { Open = openTime, Decode = sink.DecodeTime, Write = writeClock.Elapsed, Total = total.Elapsed },
        };

        void Report(int chipsDone) =>
            progress?.Report(SegmentS2Progress.Segmenting(sceneIndex, sceneCount, chipsDone, grid.Count, raster.BytesRead, runClock.Elapsed));
    }

    private static Polygon Footprint(GeoTransform transform, PixelWindow window, GeometryFactory factory)
    {
        var corners = new[] { (window.Col, window.Row), (window.ColEnd, window.Row), (window.ColEnd, window.RowEnd), (window.Col, window.RowEnd), (window.Col, window.Row) }
            .Select(p => transform.PixelToMap(p.Item1, p.Item2)).Select(p => new Coordinate(p.X, p.Y)).ToArray();
        return factory.CreatePolygon(corners);
    }
}

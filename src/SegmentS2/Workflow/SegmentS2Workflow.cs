using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Output;
using SegmentS2.Pipeline;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Output;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Workflow;

/// <summary>
/// The facade: region, time range and prompts in; per scene a mask GeoTIFF, the Sentinel-2 stack,
/// polygons and a quick-look out. Source, window, chips, tensors, SAM and outputs are each behind
/// their own interface; this class only wires them. Thread-safe: concurrent runs may share one instance.
/// </summary>
public sealed class SegmentS2Workflow
{
    private readonly IS2Source _source;
    private readonly IChipper _chipper;
    private readonly IPromptEncoder _promptEncoder;
    private readonly SegmentationPlanner _planner;
    private readonly ISamSession _sam;
    private readonly SegmentS2Options _options;
    private readonly ILogger<SegmentS2Workflow> _logger;

    // What the batch and automatic front-ends (extension methods in their own namespaces) run on.
    internal IS2Source Source => _source;

    internal IChipper Chipper => _chipper;

    internal IPromptEncoder PromptEncoder => _promptEncoder;

    internal ISamSession Sam => _sam;

    internal SegmentS2Options Options => _options;

    internal ILogger Logger => _logger;

    /// <summary>Creates the workflow from its parts.</summary>
    public SegmentS2Workflow(IS2Source source, IChipper chipper, IPromptEncoder promptEncoder, ISamSession sam,
        IOptions<SegmentS2Options> options, ILogger<SegmentS2Workflow>? logger = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _chipper = chipper ?? throw new ArgumentNullException(nameof(chipper));
        _promptEncoder = promptEncoder ?? throw new ArgumentNullException(nameof(promptEncoder));
        _planner = new SegmentationPlanner(chipper, promptEncoder);
        _sam = sam ?? throw new ArgumentNullException(nameof(sam));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _options.Validate();
        _logger = logger ?? NullLogger<SegmentS2Workflow>.Instance;
    }

    /// <summary>
    /// Runs the workflow: searches scenes, and for each selected scene reads the ROI window, chips it,
    /// encodes only chips holding prompts, decodes, stitches by the midpoint write windows and writes
    /// the outputs. Every file appears only when complete; a cancelled run leaves none half-written.
    /// </summary>
    /// <remarks>
    /// I/O and CPU work overlap the model: while one chip is encoded, the next chip's pixels are read and
    /// preprocessed (at most <see cref="ChipsInFlight"/> chip tensors exist at once), and a scene's outputs are
    /// written while the next scene is segmented (at most one scene waits to be written). At the end the run
    /// logs how its time split into search, read, preprocess, encode, decode and write.
    /// </remarks>
    /// <param name="request">Region, time range and prompts.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops the run between chips.</param>
    public async Task<SegmentS2Result> RunAsync(SegmentS2Request request, IProgress<SegmentS2Progress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var search = new S2SearchRequest(request.Roi, request.Start, S2TimeRange.InclusiveEnd(request.End));
        S2RequestValidator.Validate(search);
        var features = await request.Prompts.LoadAsync(_promptEncoder, cancellationToken).ConfigureAwait(false);
        PromptRoiPrecheck.Check(_promptEncoder, features, request.Roi, request.PromptsEpsg);
        var folder = RunOutputFolder.Prepare(request.OutputDirectory ?? _options.OutputDirectory);
        try
        {
            return await RunScenesAsync(request, search, features, folder.Path, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed or cancelled run leaves no empty folder behind (files already complete stay).
            folder.RemoveIfEmpty();
            throw;
        }
    }

    private async Task<SegmentS2Result> RunScenesAsync(SegmentS2Request request, S2SearchRequest search, PromptCollection features, string outputDirectory,
        IProgress<SegmentS2Progress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        progress?.Report(new SegmentS2Progress(SegmentS2Stage.Searching, 0, 0, 0, 0, 0, null));
        var selection = new S2SceneSelection { Policy = _options.ScenePolicy, MaxCloudFraction = _options.MaxCloudFraction };
        var (scenes, found) = await S2SceneSelector.SearchAndSelectAsync(_source, search, selection, cancellationToken).ConfigureAwait(false);
        var searchTime = clock.Elapsed;
        _logger.LogInformation("Segmenting {SceneCount} of {FoundCount} scenes from {Source}", scenes.Count, found, _source.Name);

        var results = new List<SceneResult>(scenes.Count);
        Task<SceneResult>? writing = null;
        try
        {
            for (int i = 0; i < scenes.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var segmented = await SegmentSceneAsync(scenes[i], i, scenes.Count, request, features, clock, progress, cancellationToken).ConfigureAwait(false);
                if (writing is not null)
                {
                    // At most one scene waits to be written: finish the previous one before queuing this one.
                    results.Add(await writing.ConfigureAwait(false));
                    writing = null;
                }

                progress?.Report(new SegmentS2Progress(SegmentS2Stage.Writing, i, scenes.Count, segmented.Plan.Count, segmented.Plan.Count, segmented.Raster.BytesRead, null));
                writing = Task.Run(() => WriteSceneAsync(segmented, outputDirectory, cancellationToken), CancellationToken.None);
            }

            if (writing is not null)
            {
                results.Add(await writing.ConfigureAwait(false));
                writing = null;
            }
        }
        finally
        {
            if (writing is not null)
            {
                // A later scene failed: let the pending write finish (or fail) before the error leaves the run.
                await writing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        progress?.Report(new SegmentS2Progress(SegmentS2Stage.Completed, scenes.Count, scenes.Count, 0, 0, 0, TimeSpan.Zero));
        LogSplit(searchTime, results, clock.Elapsed);
        return new SegmentS2Result(results, outputDirectory) { Search = searchTime, Total = clock.Elapsed };
    }

    /// <summary>Chip tensors that exist at once in a scene: the one being encoded and the next one being prepared.</summary>
    public const int ChipsInFlight = ChipRunner.ChipsInFlight;

    private void LogSplit(TimeSpan search, IReadOnlyList<SceneResult> results, TimeSpan total)
    {
        static double S(TimeSpan t) => Math.Round(t.TotalSeconds, 2);
        TimeSpan Sum(Func<StageTimings, TimeSpan> stage) => results.Aggregate(TimeSpan.Zero, (sum, r) => sum + stage(r.Timings));
        _logger.LogInformation(
            "Run split ({Scenes} scenes, {Total} s wall; stages overlap): search {Search} s, open {Open} s, read {Read} s, preprocess {Preprocess} s, encode {Encode} s, decode {Decode} s, write {Write} s",
            results.Count, S(total), S(search), S(Sum(t => t.Open)), S(Sum(t => t.Read)), S(Sum(t => t.Preprocess)), S(Sum(t => t.Encode)), S(Sum(t => t.Decode)), S(Sum(t => t.Write)));
    }

    // One scene segmented and not yet written; owns the open raster until WriteSceneAsync disposes it.
    private sealed record SegmentedScene(
        S2SceneCandidate Candidate, IS2SceneRaster Raster, Geometry Roi, Geometry RoiInRaster, ChipPlan Plan, PromptSet Prompts, byte[] Masks,
        int Encoded, int Skipped, StageTimings Timings, Stopwatch Total);

    private async Task<SegmentedScene> SegmentSceneAsync(S2SceneCandidate candidate, int sceneIndex, int sceneCount, SegmentS2Request request, PromptCollection features,
        Stopwatch runClock, IProgress<SegmentS2Progress>? progress, CancellationToken cancellationToken)
    {
        var scene = candidate.Scene;
        var total = Stopwatch.StartNew();
        progress?.Report(new SegmentS2Progress(SegmentS2Stage.OpeningScene, sceneIndex, sceneCount, 0, 0, 0, null));
        var readRequest = new S2ReadRequest(request.Roi, _options.BandNames)
        {
            ApplyBoaOffset = _options.ApplyBoaOffset,
            Resampling = _options.Resampling,
        };
        var raster = await _source.OpenAsync(scene, readRequest, cancellationToken).ConfigureAwait(false);
        try
        {
            var openTime = total.Elapsed;
            // The planner `segment-s2 plan` prints: chip windows and decoder prompts (in ROI-window pixels) are decided there, once.
            var segmentation = _planner.Plan(new SegmentationPlanRequest(new RasterGrid(raster.Width, raster.Height, raster.Epsg, raster.GeoTransform), features)
            {
                Roi = request.Roi,
                PromptsEpsg = request.PromptsEpsg,
                PointsPerBatch = _options.PointsPerBatch,
            });
            var (masks, timings, encoded, skipped) = await SegmentChipsAsync(raster, segmentation, sceneIndex, sceneCount, runClock, progress, cancellationToken).ConfigureAwait(false);
            var roiInRaster = CrsTransform.Create(CrsRegistry.Wgs84, raster.Epsg).Transform(request.Roi);
            return new SegmentedScene(candidate, raster, request.Roi, roiInRaster, segmentation.Grid, segmentation.Prompts, masks, encoded, skipped, timings with { Open = openTime }, total);
        }
        catch
        {
            await raster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The scene's chips through the one chip pipeline, decoded into the scene mosaic.
    private async Task<(byte[] Masks, StageTimings Timings, int Encoded, int Skipped)> SegmentChipsAsync(IS2SceneRaster raster, SegmentationPlan segmentation,
        int sceneIndex, int sceneCount, Stopwatch runClock, IProgress<SegmentS2Progress>? progress, CancellationToken cancellationToken)
    {
        var plan = segmentation.Grid;
        using var mosaic = new MosaicSink(_sam, segmentation);
        var (scale, offset) = BandScaling.For(raster.Bands, raster.Bands.Count, _options);
        var run = new ChipRunRequest(raster, mosaic.Chips(), raster.Bands.Count, scale, offset)
        {
            SkipNodataChips = _options.SkipNodataChips,
            ReleaseModelMemoryAfterLast = _options.ReleaseEncoderMemoryAfterRun && sceneIndex == sceneCount - 1,
        };
        var stats = await new ChipRunner(_sam, _logger).RunAsync(run, mosaic, Report, cancellationToken).ConfigureAwait(false);
        return (mosaic.Masks, stats.Timings, stats.Encoded, stats.Skipped);

        void Report(int chipsDone) =>
            progress?.Report(SegmentS2Progress.Segmenting(sceneIndex, sceneCount, chipsDone, plan.Count, raster.BytesRead, runClock.Elapsed));
    }

    private async Task<SceneResult> WriteSceneAsync(SegmentedScene segmented, string outputDirectory, CancellationToken cancellationToken)
    {
        await using var raster = segmented.Raster;
        var scene = segmented.Candidate.Scene;
        var plan = segmented.Plan;
        var prompts = segmented.Prompts;
        var masks = segmented.Masks;
        var roi = plan.RoiWindow;
        int groups = prompts.Groups.Count;
        int plane = roi.Width * roi.Height;
        var writeClock = Stopwatch.StartNew();
        var ids = prompts.Groups.Select(g => g.OriginalId).ToArray();
        var roiInRaster = segmented.RoiInRaster;
        var output = SceneOutputWindow.Create(_options.ClipToRoi, raster, roiInRaster, roi, masks, groups);
        masks = output.Masks;
        plane = output.Window.Width * output.Window.Height;
        var outWindow = output.Window;
        var roiTransform = raster.GeoTransform.ForWindow(outWindow);
        string stem = OutputPaths.Stem(scene.Id);
        string maskPath = OutputPaths.Combine(outputDirectory, $"{stem}_segmentation_mask.tif");
        string? s2Path = _options.Outputs.HasFlag(SegmentS2Outputs.S2Raster) ? OutputPaths.Combine(outputDirectory, $"{stem}_s2_raster.tif") : null;
        string? polygonsPath = _options.Outputs.HasFlag(SegmentS2Outputs.Polygons) ? OutputPaths.Combine(outputDirectory, $"{stem}_polygons.geojson") : null;
        string? quickLookPath = _options.Outputs.HasFlag(SegmentS2Outputs.QuickLook) ? OutputPaths.Combine(outputDirectory, $"{stem}_quicklook.png") : null;

        // The four writers run at once: the model is done, and each writer is mostly single-threaded, so one after the
        // other would leave cores idle. Each file appears only when whole; the scene raster is thread-safe to read.
        Task mask = Task.Run(() => MaskGeoTiffWriter.WriteAsync(maskPath, masks, outWindow.Width, outWindow.Height, raster.Epsg, roiTransform, ids, cancellationToken), CancellationToken.None);
        Task polygons = polygonsPath is null ? Task.CompletedTask : Task.Run(async () =>
        {
            int polygonsEpsg = _options.PolygonsInWgs84 ? CrsRegistry.Wgs84 : raster.Epsg;
            var collection = PolygonWriter.Build(masks, outWindow.Width, outWindow.Height, roiTransform, raster.Epsg, ids, scene.Id, scene.DateTime,
                polygonsEpsg, _options.PolygonSimplifyTolerance);
            await AtomicFile.WriteAsync(polygonsPath, (s, ct) => PolygonWriter.WriteAsync(s, collection, polygonsEpsg, ct), cancellationToken).ConfigureAwait(false);
        }, CancellationToken.None);
        Task<IReadOnlyList<string>> s2Raster = s2Path is null ? Task.FromResult<IReadOnlyList<string>>([]) : Task.Run(
            () => S2RasterOutput.WriteAsync(_source, raster, segmented.Roi, _options, outWindow, s2Path, _logger, cancellationToken), CancellationToken.None);
        Task quickLook = quickLookPath is null ? Task.CompletedTask : Task.Run(() =>
        {
            // The plan's prompts are in ROI-window pixels; the quick-look draws them in its own (possibly clipped) window.
            var drawn = prompts.Translate(roi.Col - outWindow.Col, roi.Row - outWindow.Row);
            return QuickLookWriter.WriteAsync(quickLookPath, raster, outWindow, masks, drawn, roiInRaster, cancellationToken);
        }, CancellationToken.None);

        // WhenAll waits for every writer before the first one's error leaves: none is left running on a disposed raster.
        await Task.WhenAll(mask, polygons, s2Raster, quickLook).ConfigureAwait(false);
        IReadOnlyList<string> s2Bands = await s2Raster.ConfigureAwait(false);

        var foreground = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int g = 0; g < groups; g++)
        {
            foreground[ids[g]] = masks.AsSpan(g * plane, plane).Length - masks.AsSpan(g * plane, plane).Count((byte)0);
        }

        _logger.LogInformation("Scene {SceneId}: {Chips} chips, {Encoded} encoded, {Skipped} skipped, outputs in {Directory}",
            scene.Id, plan.Count, segmented.Encoded, segmented.Skipped, outputDirectory);

        return new SceneResult
        {
            SceneId = scene.Id,
            DateTime = scene.DateTime,
            CloudFraction = segmented.Candidate.CloudFraction,
            SegmentationMaskPath = maskPath,
            S2RasterPath = s2Path,
            PolygonsPath = polygonsPath,
            QuickLookPath = quickLookPath,
            S2RasterBands = s2Bands,
            PromptBands = prompts.Groups.ToDictionary(g => g.OriginalId, g => g.Index + 1, StringComparer.Ordinal),
            Epsg = raster.Epsg,
            GeoTransform = roiTransform,
            Width = outWindow.Width,
            Height = outWindow.Height,
            ChipsTotal = plan.Count,
            ChipsEncoded = segmented.Encoded,
            ChipsSkipped = segmented.Skipped,
            Prompts = groups,
            ForegroundPixels = foreground,
            Timings = segmented.Timings with { Write = writeClock.Elapsed, Total = segmented.Total.Elapsed },
        };
    }
}

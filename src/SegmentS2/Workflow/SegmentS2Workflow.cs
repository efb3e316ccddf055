using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Output;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Output;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Validation;
using SegmentS2.Tensors;

namespace SegmentS2.Workflow;

/// <summary>
/// The facade: region, time range and prompts in; per scene a mask GeoTIFF, the Sentinel-2 stack,
/// polygons and a quick-look out. Source, window, chips, tensors, SAM and outputs are each behind
/// their own interface; this class only wires them. Thread-safe: concurrent runs may share one instance.
/// </summary>
public sealed partial class SegmentS2Workflow
{
    private readonly IS2Source _source;
    private readonly IChipper _chipper;
    private readonly IPromptEncoder _promptEncoder;
    private readonly SegmentationPlanner _planner;
    private readonly ISamSession _sam;
    private readonly SegmentS2Options _options;
    private readonly ILogger<SegmentS2Workflow> _logger;

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
        var found = await _source.SearchAsync(search, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            throw new NoScenesFoundException(_source.Name, request.Roi, search.Start, search.End);
        }

        var selection = new S2SceneSelection { Policy = _options.ScenePolicy, MaxCloudFraction = _options.MaxCloudFraction };
        var scenes = await S2SceneSelector.SelectAsync(_source, search, found, selection, cancellationToken).ConfigureAwait(false);
        var searchTime = clock.Elapsed;
        _logger.LogInformation("Segmenting {SceneCount} of {FoundCount} scenes from {Source}", scenes.Count, found.Count, _source.Name);

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
    public const int ChipsInFlight = 2;

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

    // A chip handed from the reader to the model: its prompts and, unless skipped, its tensor (a pooled buffer).
    // Last: the run's last chip with prompts, after which the encoder may give its working memory back.
    private sealed record PreparedChip(Chip Chip, IReadOnlyList<ChipPrompt> Prompts, float[]? Tensor, string? Hash, bool Last = false);

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
            var (masks, timings, encoded, skipped) = await SegmentChipsAsync(raster, segmentation, scene.Id, sceneIndex, sceneCount, runClock, progress, cancellationToken).ConfigureAwait(false);
            var roiInRaster = CrsTransform.Create(CrsRegistry.Wgs84, raster.Epsg).Transform(request.Roi);
            return new SegmentedScene(candidate, raster, request.Roi, roiInRaster, segmentation.Grid, segmentation.Prompts, masks, encoded, skipped, timings with { Open = openTime }, total);
        }
        catch
        {
            await raster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The chip loop as a two-stage pipeline: a reader task reads and preprocesses chips into pooled tensors while
    // this method encodes and decodes the previous one. Chips are consumed in plan order.
    private async Task<(byte[] Masks, StageTimings Timings, int Encoded, int Skipped)> SegmentChipsAsync(IS2SceneRaster raster, SegmentationPlan segmentation,
        string sceneId, int sceneIndex, int sceneCount, Stopwatch runClock, IProgress<SegmentS2Progress>? progress, CancellationToken cancellationToken)
    {
        var plan = segmentation.Grid;
        var roi = plan.RoiWindow;
        int groups = segmentation.Prompts.Groups.Count;
        int plane = checked(roi.Width * roi.Height);
        var masks = new byte[checked((long)groups * plane)];
        int chip = plan.ChipSize;
        int tensorLength = 3 * chip * chip;

        var ready = Channel.CreateBounded<PreparedChip>(new BoundedChannelOptions(ChipsInFlight - 1) { SingleReader = true, SingleWriter = true });
        var free = Channel.CreateBounded<float[]>(new BoundedChannelOptions(ChipsInFlight) { SingleReader = true, SingleWriter = true });
        var rented = new List<float[]>(ChipsInFlight);
        for (int i = 0; i < ChipsInFlight; i++)
        {
            rented.Add(ArrayPool<float>.Shared.Rent(tensorLength));
            free.Writer.TryWrite(rented[i]);
        }

        var chipMask = ArrayPool<byte>.Shared.Rent(chip * chip);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = new ChipReader(this, raster, segmentation, releaseAtLastChip: _options.ReleaseEncoderMemoryAfterRun && sceneIndex == sceneCount - 1);
        var reading = Task.Run(() => reader.RunAsync(ready.Writer, free.Reader, stop.Token), CancellationToken.None);
        TimeSpan encodeTime = default, decodeTime = default;
        int encoded = 0, done = 0;
        try
        {
            await foreach (var prepared in ready.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (prepared.Tensor is not { } tensor)
                {
                    Report(++done);
                    continue;
                }

                var sw = Stopwatch.StartNew();
                var embedding = await _sam.GetEmbeddingAsync(new SamEncoderInput(tensor.AsMemory(0, tensorLength), chip, chip, prepared.Hash!) { ReleaseMemoryAfterEncode = prepared.Last }, cancellationToken).ConfigureAwait(false);
                encodeTime += sw.Elapsed;
                encoded++;

                // The embedding no longer needs the tensor: the reader may refill it while this chip decodes.
                free.Writer.TryWrite(tensor);
                sw.Restart();
                foreach (var chipPrompt in prepared.Prompts)
                {
                    var maskMemory = chipMask.AsMemory(0, chip * chip);
                    maskMemory.Span.Clear();
                    await _sam.DecodeAsync(embedding, chipPrompt, maskMemory, cancellationToken).ConfigureAwait(false);
                    CopyWriteWindow(maskMemory.Span, chip, prepared.Chip, masks.AsSpan(chipPrompt.Group.Index * plane, plane), roi.Width);
                }

                decodeTime += sw.Elapsed;
                Report(++done);
            }

            await reading.ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reading.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            if (reading.IsFaulted && !cancellationToken.IsCancellationRequested)
            {
                // The reader's own error (a failed read) is the cause; the channel only relayed it.
                reading.GetAwaiter().GetResult();
            }

            throw;
        }
        finally
        {
            foreach (var buffer in rented)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }

            ArrayPool<byte>.Shared.Return(chipMask);
        }

        if (reader.Clipped > 0)
        {
            _logger.LogWarning("Scene {SceneId}: {Clipped} scaled values fell outside [0, 1] and were clipped", sceneId, reader.Clipped);
        }

        var timings = new StageTimings { Read = reader.ReadTime, Preprocess = reader.PreprocessTime, Encode = encodeTime, Decode = decodeTime };
        return (masks, timings, encoded, reader.Skipped);

        void Report(int chipsDone)
        {
            if (progress is null)
            {
                return;
            }

            double fraction = (sceneIndex + (double)chipsDone / Math.Max(1, plan.Count)) / sceneCount;
            TimeSpan? eta = fraction > 0.01 ? runClock.Elapsed * ((1 - fraction) / fraction) : null;
            progress.Report(new SegmentS2Progress(SegmentS2Stage.Segmenting, sceneIndex, sceneCount, chipsDone, plan.Count, raster.BytesRead, eta));
        }
    }

    // The reader stage: selects each chip's prompts, reads its pixels and preprocesses them into a free tensor.
    private sealed class ChipReader(SegmentS2Workflow owner, IS2SceneRaster raster, SegmentationPlan segmentation, bool releaseAtLastChip)
    {
        public TimeSpan ReadTime { get; private set; }

        public TimeSpan PreprocessTime { get; private set; }

        public int Skipped { get; private set; }

        public long Clipped { get; private set; }

        public async Task RunAsync(ChannelWriter<PreparedChip> ready, ChannelReader<float[]> free, CancellationToken cancellationToken)
        {
            var plan = segmentation.Grid;
            int chip = plan.ChipSize;
            int bandCount = raster.Bands.Count;
            var (scale, offset) = owner.ChannelScaling(raster.Bands);
            var roi = plan.RoiWindow;
            var pixels = ArrayPool<float>.Shared.Rent(bandCount * chip * chip);
            int lastPrompted = releaseAtLastChip ? plan.Chips.Where(c => segmentation.Chips[c.Index].Prompts.Count > 0).Select(c => c.Index).DefaultIfEmpty(-1).Last() : -1;
            try
            {
                foreach (var c in plan.Chips)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chipInRaster = c.Read.Offset(roi.Col, roi.Row);
                    var chipPrompts = segmentation.Chips[c.Index].Prompts;
                    if (chipPrompts.Count == 0)
                    {
                        Skipped++;
                        await ready.WriteAsync(new PreparedChip(c, chipPrompts, null, null), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var sw = Stopwatch.StartNew();
                    var chipPixels = pixels.AsMemory(0, bandCount * chip * chip);
                    await raster.ReadAsync(chipInRaster, chipPixels, cancellationToken).ConfigureAwait(false);
                    ReadTime += sw.Elapsed;
                    if (owner._options.SkipNodataChips && chipPixels.Span.IndexOfAnyExcept(0f) < 0)
                    {
                        Skipped++;
                        await ready.WriteAsync(new PreparedChip(c, chipPrompts, null, null), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var tensor = await free.ReadAsync(cancellationToken).ConfigureAwait(false);
                    sw.Restart();
                    var tensorSpan = tensor.AsSpan(0, 3 * chip * chip);
                    Clipped += owner._sam.Model.EncoderLayout == SamEncoderLayout.NchwNormalized
                        ? ChipPreprocessor.ToNormalizedNchw(chipPixels.Span, bandCount, scale, offset, tensorSpan)
                        : ChipPreprocessor.ToHwc255(chipPixels.Span, bandCount, scale, offset, tensorSpan);
                    Clipped -= NodataBelowZero(chipPixels.Span, bandCount, offset);
                    string hash = ChipHash.ToHex(ChipHash.Compute(tensorSpan));
                    PreprocessTime += sw.Elapsed;
                    await ready.WriteAsync(new PreparedChip(c, chipPrompts, tensor, hash, c.Index == lastPrompted), cancellationToken).ConfigureAwait(false);
                }

                ready.TryComplete();
            }
            catch (Exception e)
            {
                ready.TryComplete(e);
                throw;
            }
            finally
            {
                ArrayPool<float>.Shared.Return(pixels);
            }
        }
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
        await MaskGeoTiffWriter.WriteAsync(maskPath, masks, outWindow.Width, outWindow.Height, raster.Epsg, roiTransform, ids, cancellationToken).ConfigureAwait(false);

        string? s2Path = null, polygonsPath = null, quickLookPath = null;
        IReadOnlyList<string> s2Bands = [];
        if (_options.Outputs.HasFlag(SegmentS2Outputs.S2Raster))
        {
            s2Path = OutputPaths.Combine(outputDirectory, $"{stem}_s2_raster.tif");
            s2Bands = await S2RasterOutput.WriteAsync(_source, raster, segmented.Roi, _options, outWindow, s2Path, _logger, cancellationToken).ConfigureAwait(false);
        }

        if (_options.Outputs.HasFlag(SegmentS2Outputs.Polygons))
        {
            polygonsPath = OutputPaths.Combine(outputDirectory, $"{stem}_polygons.geojson");
            var collection = PolygonWriter.Build(masks, outWindow.Width, outWindow.Height, roiTransform, raster.Epsg, ids, scene.Id, scene.DateTime,
                _options.PolygonsInWgs84 ? CrsRegistry.Wgs84 : raster.Epsg, _options.PolygonSimplifyTolerance);
            await AtomicFile.WriteAsync(polygonsPath, (s, ct) => PolygonWriter.WriteAsync(s, collection, ct), cancellationToken).ConfigureAwait(false);
        }

        if (_options.Outputs.HasFlag(SegmentS2Outputs.QuickLook))
        {
            quickLookPath = OutputPaths.Combine(outputDirectory, $"{stem}_quicklook.png");
            // The plan's prompts are in ROI-window pixels; the quick-look draws them in its own (possibly clipped) window.
            var drawn = prompts.Translate(roi.Col - outWindow.Col, roi.Row - outWindow.Row);
            await QuickLookWriter.WriteAsync(quickLookPath, raster, outWindow, masks, drawn, roiInRaster, cancellationToken).ConfigureAwait(false);
        }

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

    // Each chip writes only its share of the output, split at the midpoints between neighbours (reference rule).
    private static void CopyWriteWindow(ReadOnlySpan<byte> chipMask, int chipSize, Chip chip, Span<byte> output, int outputWidth)
    {
        var w = chip.Write;
        int dx = w.Col - chip.Read.Col, dy = w.Row - chip.Read.Row;
        for (int r = 0; r < w.Height; r++)
        {
            chipMask.Slice((dy + r) * chipSize + dx, w.Width).CopyTo(output.Slice((w.Row + r) * outputWidth + w.Col, w.Width));
        }
    }

    // Nodata (DN 0) lands below 0 when the BOA offset is applied; that is not the clipping the reference warns about.
    private static long NodataBelowZero(ReadOnlySpan<float> planes, int bandCount, ReadOnlySpan<float> offset)
    {
        int plane = planes.Length / bandCount;
        long count = 0;
        for (int b = 0; b < bandCount; b++)
        {
            if (offset[b] < 0)
            {
                count += CountZeros(planes.Slice(b * plane, plane)) * (bandCount == 1 ? 3 : 1);
            }
        }

        return count;
    }

    // MemoryExtensions.Count has no vector path for float (NaN and -0 compare by value); -0 counts as nodata too.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CountZeros(ReadOnlySpan<float> values)
    {
        int i = 0;
        long count = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var counts = Vector<int>.Zero;
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                // Comparison masks are -1 where true.
                counts -= Vector.Equals(new Vector<float>(values[i..]), Vector<float>.Zero);
            }

            count = Vector.Sum(counts);
        }

        for (; i < values.Length; i++)
        {
            count += values[i] == 0 ? 1 : 0;
        }

        return count;
    }

    // value * scale + offset per channel; the BOA offset (reflectance units) is folded into the DN offset.
    private (float[] Scale, float[] Offset) ChannelScaling(IReadOnlyList<S2BandInfo> bands) => BandScaling.For(bands, bands.Count, _options);
}

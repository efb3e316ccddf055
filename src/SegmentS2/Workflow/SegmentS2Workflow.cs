using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
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
    /// <param name="request">Region, time range and prompts.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops the run between chips.</param>
    public async Task<SegmentS2Result> RunAsync(SegmentS2Request request, IProgress<SegmentS2Progress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var search = new S2SearchRequest(request.Roi, request.Start, request.End);
        S2RequestValidator.Validate(search);
        string outputDirectory = PrepareOutputDirectory(request.OutputDirectory ?? _options.OutputDirectory);
        var features = await request.Prompts.LoadAsync(_promptEncoder, cancellationToken).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        progress?.Report(new SegmentS2Progress(SegmentS2Stage.Searching, 0, 0, 0, 0, 0, null));
        var found = await _source.SearchAsync(search, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            throw new NoScenesFoundException(_source.Name, request.Roi, request.Start, request.End);
        }

        var selection = new S2SceneSelection { Policy = _options.ScenePolicy, MaxCloudFraction = _options.MaxCloudFraction };
        var scenes = await S2SceneSelector.SelectAsync(_source, search, found, selection, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Segmenting {SceneCount} of {FoundCount} scenes from {Source}", scenes.Count, found.Count, _source.Name);

        var results = new List<SceneResult>(scenes.Count);
        for (int i = 0; i < scenes.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await RunSceneAsync(scenes[i], i, scenes.Count, request, features, outputDirectory, clock, progress, cancellationToken).ConfigureAwait(false));
        }

        progress?.Report(new SegmentS2Progress(SegmentS2Stage.Completed, scenes.Count, scenes.Count, 0, 0, 0, TimeSpan.Zero));
        return new SegmentS2Result(results, outputDirectory);
    }

    private async Task<SceneResult> RunSceneAsync(S2SceneCandidate candidate, int sceneIndex, int sceneCount, SegmentS2Request request, PromptCollection features,
        string outputDirectory, Stopwatch runClock, IProgress<SegmentS2Progress>? progress, CancellationToken cancellationToken)
    {
        var scene = candidate.Scene;
        var total = Stopwatch.StartNew();
        progress?.Report(new SegmentS2Progress(SegmentS2Stage.OpeningScene, sceneIndex, sceneCount, 0, 0, 0, null));
        var readRequest = new S2ReadRequest(request.Roi, _options.BandNames)
        {
            ApplyBoaOffset = _options.ApplyBoaOffset,
            Resampling = _options.Resampling,
        };
        await using var raster = await _source.OpenAsync(scene, readRequest, cancellationToken).ConfigureAwait(false);
        var openTime = total.Elapsed;

        var roiInRaster = CrsTransform.Create(CrsRegistry.Wgs84, raster.Epsg).Transform(request.Roi);
        var plan = _chipper.Plan(raster.Width, raster.Height, raster.GeoTransform, roiInRaster.EnvelopeInternal);
        var roi = plan.RoiWindow;

        var prompts = _promptEncoder.Prepare(features, raster.Epsg, raster.GeoTransform, roiInRaster.EnvelopeInternal, request.PromptsEpsg);
        int groups = prompts.Groups.Count;
        int plane = checked(roi.Width * roi.Height);
        var masks = new byte[checked((long)groups * plane)];

        int chip = plan.ChipSize;
        int bandCount = raster.Bands.Count;
        var (scale, offset) = ChannelScaling(raster.Bands);
        var pixels = ArrayPool<float>.Shared.Rent(bandCount * chip * chip);
        var tensor = ArrayPool<float>.Shared.Rent(3 * chip * chip);
        var chipMask = ArrayPool<byte>.Shared.Rent(chip * chip);
        TimeSpan readTime = default, preprocessTime = default, encodeTime = default, decodeTime = default;
        int encoded = 0, skipped = 0, done = 0;
        long clipped = 0;
        try
        {
            foreach (var c in plan.Chips)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chipInRaster = c.Read.Offset(roi.Col, roi.Row);
                var chipPrompts = _promptEncoder.ForChip(prompts, chipInRaster, _options.PointsPerBatch);
                if (chipPrompts.Count == 0)
                {
                    skipped++;
                    Report(++done);
                    continue;
                }

                var sw = Stopwatch.StartNew();
                var chipPixels = pixels.AsMemory(0, bandCount * chip * chip);
                await raster.ReadAsync(chipInRaster, chipPixels, cancellationToken).ConfigureAwait(false);
                readTime += sw.Elapsed;
                if (_options.SkipNodataChips && chipPixels.Span.IndexOfAnyExcept(0f) < 0)
                {
                    skipped++;
                    Report(++done);
                    continue;
                }

                sw.Restart();
                var tensorSpan = tensor.AsSpan(0, 3 * chip * chip);
                clipped += _sam.Model.EncoderLayout == SamEncoderLayout.NchwNormalized
                    ? ChipPreprocessor.ToNormalizedNchw(chipPixels.Span, bandCount, scale, offset, tensorSpan)
                    : ChipPreprocessor.ToHwc255(chipPixels.Span, bandCount, scale, offset, tensorSpan);
                clipped -= NodataBelowZero(chipPixels.Span, bandCount, offset);
                string hash = ChipHash.ToHex(ChipHash.Compute(tensorSpan));
                preprocessTime += sw.Elapsed;

                sw.Restart();
                var embedding = await _sam.GetEmbeddingAsync(new SamEncoderInput(tensor.AsMemory(0, 3 * chip * chip), chip, chip, hash), cancellationToken).ConfigureAwait(false);
                encodeTime += sw.Elapsed;
                encoded++;

                sw.Restart();
                foreach (var chipPrompt in chipPrompts)
                {
                    var maskMemory = chipMask.AsMemory(0, chip * chip);
                    maskMemory.Span.Clear();
                    await _sam.DecodeAsync(embedding, chipPrompt, maskMemory, cancellationToken).ConfigureAwait(false);
                    CopyWriteWindow(maskMemory.Span, chip, c, masks.AsSpan(chipPrompt.Group.Index * plane, plane), roi.Width);
                }

                decodeTime += sw.Elapsed;
                Report(++done);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
            ArrayPool<float>.Shared.Return(tensor);
            ArrayPool<byte>.Shared.Return(chipMask);
        }

        if (clipped > 0)
        {
            _logger.LogWarning("Scene {SceneId}: {Clipped} scaled values fell outside [0, 1] and were clipped", scene.Id, clipped);
        }

        progress?.Report(new SegmentS2Progress(SegmentS2Stage.Writing, sceneIndex, sceneCount, done, plan.Count, raster.BytesRead, null));
        var writeClock = Stopwatch.StartNew();
        var roiTransform = plan.RoiTransform;
        var ids = prompts.Groups.Select(g => g.OriginalId).ToArray();
        string stem = OutputPaths.Stem(scene.Id);
        string maskPath = OutputPaths.Combine(outputDirectory, $"{stem}_segmentation_mask.tif");
        await MaskGeoTiffWriter.WriteAsync(maskPath, masks, roi.Width, roi.Height, raster.Epsg, roiTransform, ids, cancellationToken).ConfigureAwait(false);

        string? s2Path = null, polygonsPath = null, quickLookPath = null;
        if (_options.Outputs.HasFlag(SegmentS2Outputs.S2Raster))
        {
            s2Path = OutputPaths.Combine(outputDirectory, $"{stem}_s2_raster.tif");
            await S2RasterWriter.WriteAsync(raster, roi, s2Path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (_options.Outputs.HasFlag(SegmentS2Outputs.Polygons))
        {
            polygonsPath = OutputPaths.Combine(outputDirectory, $"{stem}_polygons.geojson");
            var collection = PolygonWriter.Build(masks, roi.Width, roi.Height, roiTransform, raster.Epsg, ids, scene.Id, scene.DateTime,
                _options.PolygonsInWgs84 ? CrsRegistry.Wgs84 : raster.Epsg, _options.PolygonSimplifyTolerance);
            await AtomicFile.WriteAsync(polygonsPath, (s, ct) => PolygonWriter.WriteAsync(s, collection, ct), cancellationToken).ConfigureAwait(false);
        }

        if (_options.Outputs.HasFlag(SegmentS2Outputs.QuickLook))
        {
            quickLookPath = OutputPaths.Combine(outputDirectory, $"{stem}_quicklook.png");
            await QuickLookWriter.WriteAsync(quickLookPath, raster, roi, masks, prompts, cancellationToken).ConfigureAwait(false);
        }

        var foreground = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int g = 0; g < groups; g++)
        {
            foreground[ids[g]] = masks.AsSpan(g * plane, plane).Length - masks.AsSpan(g * plane, plane).Count((byte)0);
        }

        _logger.LogInformation("Scene {SceneId}: {Chips} chips, {Encoded} encoded, {Skipped} skipped, outputs in {Directory}",
            scene.Id, plan.Count, encoded, skipped, outputDirectory);

        return new SceneResult
        {
            SceneId = scene.Id,
            DateTime = scene.DateTime,
            CloudFraction = candidate.CloudFraction,
            SegmentationMaskPath = maskPath,
            S2RasterPath = s2Path,
            PolygonsPath = polygonsPath,
            QuickLookPath = quickLookPath,
            PromptBands = prompts.Groups.ToDictionary(g => g.OriginalId, g => g.Index + 1, StringComparer.Ordinal),
            Epsg = raster.Epsg,
            GeoTransform = roiTransform,
            Width = roi.Width,
            Height = roi.Height,
            ChipsTotal = plan.Count,
            ChipsEncoded = encoded,
            ChipsSkipped = skipped,
            Prompts = groups,
            ForegroundPixels = foreground,
            Timings = new StageTimings
            {
                Open = openTime,
                Read = readTime,
                Preprocess = preprocessTime,
                Encode = encodeTime,
                Decode = decodeTime,
                Write = writeClock.Elapsed,
                Total = total.Elapsed,
            },
        };

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

    internal static string PrepareOutputDirectory(string directory)
    {
        try
        {
            string full = Path.GetFullPath(directory);
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".segment-s2-write-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new SegmentS2Exception($"The output folder '{directory}' is not writable: {ex.Message}", ex);
        }
    }
}

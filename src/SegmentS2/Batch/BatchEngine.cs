using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Output;
using SegmentS2.Pipeline;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.Clouds;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Validation;
using SegmentS2.Tensors;
using SegmentS2.Workflow;

namespace SegmentS2.Batch;

/// <summary>
/// The engine behind <see cref="SegmentS2WorkflowBatchExtensions.RunBatchAsync"/>: fields grouped into search areas, each area searched
/// once, each scene opened once, per scene the fields placed whole into shared chips (<see cref="ChipCover"/>), each
/// chip read and encoded once and every field in it decoded against that one embedding, rows committed chip by chip.
/// </summary>
internal sealed class BatchEngine(IS2Source source, IChipper chipper, IPromptEncoder promptEncoder, ISamSession sam, SegmentS2Options options, ILogger logger)
{
    private static readonly GeometryFactory Wgs84Factory = new(new PrecisionModel(), CrsRegistry.Wgs84);

    public async Task<BatchResult> RunAsync(BatchRequest request, IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);

        // The layer is read and checked before anything is written: a bad or empty layer leaves no folder behind.
        var collection = await LoadLayerAsync(request, cancellationToken).ConfigureAwait(false);
        var folder = RunOutputFolder.Prepare(request.OutputDirectory ?? options.OutputDirectory);
        try
        {
            return await RunFieldsAsync(request, collection, folder.Path, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A batch that failed before its GeoPackage existed leaves no empty folder (a started one stays, to resume).
            folder.RemoveIfEmpty();
            throw;
        }
    }

    /// <summary>
    /// The batch's plan without reading a pixel or running a model: the scenes found, each scene's chip cover with the
    /// fields of every chip and the shard that encodes it, and the fields already known to fail. Scene headers are read
    /// (to place the fields on each scene's grid); nothing is written.
    /// </summary>
    public async Task<BatchPlan> PlanAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var collection = await LoadLayerAsync(request, cancellationToken).ConfigureAwait(false);
        var (fields, readFailures, failed) = ReadFields(collection, request);
        var (scenes, noScene) = await SearchAsync(request, fields, failed, cancellationToken).ConfigureAwait(false);
        var inside = new HashSet<string>(StringComparer.Ordinal);
        var planned = new List<BatchPlanScene>(scenes.Count);
        int chipNumber = 0;
        foreach (var (candidate, sceneFields) in scenes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidates = sceneFields.Where(f => !failed.ContainsKey(f.Id)).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            await using var raster = await OpenAsync(candidate.Scene, OpenRoi(request, candidates), cancellationToken).ConfigureAwait(false);
            var (placed, chips, _) = Place(request, raster, candidates, failed, inside);
            var planChips = chips.Select(c => new BatchPlanChip(c.Window, chipNumber++ % request.ShardCount,
                c.Fields.Select(f => placed[f].Field.Id).ToList())).ToList();
            planned.Add(new BatchPlanScene(candidate.Scene.Id, candidate.Scene.DateTime, raster.Epsg, planChips));
        }

        var failures = FieldLevelFailures(request, fields, readFailures, failed, inside, noScene)
            .Select(r => new BatchFailure(r.PromptId, r.Reason ?? "failed")).ToList();
        return new BatchPlan(fields.Count + readFailures.Count, planned, failures, request.ShardCount);
    }

    // The layer split into fields; `failed` starts with the features that belong to no field and gathers every failure.
    private static (IReadOnlyList<BatchField> Fields, IReadOnlyList<BatchFailure> ReadFailures, Dictionary<string, string> Failed) ReadFields(PromptCollection collection, BatchRequest request)
    {
        var (fields, readFailures) = BatchFieldReader.Read(collection, request.PromptsEpsg);
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in readFailures)
        {
            failed.TryAdd(f.PromptId, f.Reason);
        }

        return (fields, readFailures, failed);
    }

    private async Task<PromptCollection> LoadLayerAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        var collection = await request.Prompts.LoadAsync(promptEncoder, cancellationToken).ConfigureAwait(false);
        if (collection.Features.Count == 0)
        {
            throw new PromptValidationException(PromptValidationRule.EmptyCollection,
                $"The field layer '{request.Prompts.Description}' has no features: a batch needs at least one field (features with prompt_id and label).",
                value: request.Prompts.Description);
        }

        return collection;
    }

    // The failures no chip decides: unusable features, fields refused by a prompt rule, too large for a chip, or outside every scene.
    private List<FieldRunRow> FieldLevelFailures(BatchRequest request, IReadOnlyList<BatchField> fields, IReadOnlyList<BatchFailure> readFailures,
        Dictionary<string, string> failed, HashSet<string> inside, Dictionary<string, string> noScene)
    {
        var fieldRuns = new List<FieldRunRow>();
        foreach (var f in readFailures)
        {
            fieldRuns.Add(new FieldRunRow(f.PromptId, string.Empty, FieldRunRow.Failed, f.Reason));
        }

        foreach (var field in fields)
        {
            string? reason = failed.TryGetValue(field.Id, out var r) ? r
                : inside.Contains(field.Id) ? null
                : noScene.TryGetValue(field.Id, out var n) ? n
                : OutsideEveryScene(field.Id, request);
            if (reason is not null)
            {
                fieldRuns.Add(new FieldRunRow(field.Id, string.Empty, FieldRunRow.Failed, reason));
            }
        }

        return fieldRuns;
    }

    private async Task<BatchResult> RunFieldsAsync(BatchRequest request, PromptCollection collection, string outputDirectory, IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        var (fields, readFailures, failed) = ReadFields(collection, request);
        int fieldCount = fields.Count + readFailures.Count;

        progress?.Report(new BatchProgress(BatchStage.Searching, 0, 0, 0, 0, 0, fieldCount));
        var (scenes, noScene) = await SearchAsync(request, fields, failed, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Batch: {Fields} fields, {Scenes} scenes, shard {Index} of {Count}", fieldCount, scenes.Count, request.ShardIndex, request.ShardCount);

        using var gpkg = FieldGeoPackage.Open(outputDirectory, request.ShardIndex, request.ShardCount);
        var done = gpkg.DonePairs();
        var inside = new HashSet<string>(StringComparer.Ordinal);
        var counters = new Counters();
        long encoderRunsBefore = sam.EncoderRuns;
        for (int s = 0; s < scenes.Count; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RunSceneAsync(request, scenes[s].Candidate.Scene, scenes[s].Fields, s, scenes.Count, fieldCount, outputDirectory, gpkg, done, failed, inside, counters, progress, cancellationToken).ConfigureAwait(false);
        }

        var fieldRuns = FieldLevelFailures(request, fields, readFailures, failed, inside, noScene);

        // The summary and the field-level rows describe the current layer: rows of ids no longer in it do not count, and
        // this shard's field-level reasons are derived anew (a field fixed since its last run loses its old reason).
        var current = fields.Select(f => f.Id).Concat(readFailures.Select(f => f.PromptId)).ToHashSet(StringComparer.Ordinal);
        gpkg.ReplaceFieldLevelRuns(current.Where(id => Owner(id, request.ShardCount) == request.ShardIndex).ToList(),
            fieldRuns.Where(row => Owner(row.PromptId, request.ShardCount) == request.ShardIndex).ToList());
        var (segmented, failures) = gpkg.Summarize(current);
        progress?.Report(new BatchProgress(BatchStage.Completed, scenes.Count, scenes.Count, 0, 0, counters.PairsDone, fieldCount));
        logger.LogInformation("Batch: {Encoded} chips encoded ({EncoderRuns} encoder runs), {Rows} rows written, {Segmented} fields segmented, {Failed} failed",
            counters.Encoded, sam.EncoderRuns - encoderRunsBefore, counters.Rows, segmented, failures.Count);
        return new BatchResult
        {
            Fields = fieldCount,
            FieldsSegmented = segmented,
            Failures = failures.Select(f => new BatchFailure(f.PromptId, f.Reason)).ToList(),
            Scenes = scenes.Count,
            ChipsEncoded = counters.Encoded,
            ChipsPlanned = counters.PlannedMine,
            ChipsPlannedAllShards = counters.PlannedAll,
            FieldScenePairs = counters.Pairs,
            RowsWritten = counters.Rows,
            Output = gpkg.Path,
            Shard = (request.ShardIndex, request.ShardCount),
        };
    }

    // One reason whether the search found no scene at all or only scenes whose footprints miss the field.
    private string OutsideEveryScene(string id, BatchRequest request) => string.Create(CultureInfo.InvariantCulture,
        $"field {id} lies outside every scene: no footprint of a {source.Name} scene from {request.Start:yyyy-MM-dd} to {request.End:yyyy-MM-dd} meets it");

    /// <summary>The shard that records a failure no chip decides: a stable hash of the field's id.</summary>
    internal static int Owner(string promptId, int shardCount) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(promptId)) % (uint)shardCount);

    private static void Validate(BatchRequest request)
    {
        if (request.ShardCount < 1)
        {
            throw new InvalidOptionException(nameof(request.ShardCount), request.ShardCount, "at least 1");
        }

        if (request.ShardIndex < 0 || request.ShardIndex >= request.ShardCount)
        {
            throw new InvalidOptionException(nameof(request.ShardIndex), request.ShardIndex, $"in 0..{request.ShardCount - 1} (shard count {request.ShardCount})");
        }

        if (request.MaskMargin < 0)
        {
            throw new InvalidOptionException(nameof(request.MaskMargin), request.MaskMargin, "zero or more pixels");
        }

        if (!(request.SearchCellDegrees > 0 && request.SearchCellDegrees <= 360))
        {
            throw new InvalidOptionException(nameof(request.SearchCellDegrees), request.SearchCellDegrees, "in (0, 360] degrees");
        }

        if (request.Roi is not null)
        {
            S2RequestValidator.ValidateRoi(request.Roi);
        }

        S2RequestValidator.Validate(new S2SearchRequest(request.Roi ?? Wgs84Factory.ToGeometry(new Envelope(0, 1, 0, 1)), request.Start, request.End));
    }

    // One search per area: the ROI when there is one, else each cell of SearchCellDegrees holding fields.
    private async Task<(List<(S2SceneCandidate Candidate, List<BatchField> Fields)> Scenes, Dictionary<string, string> NoScene)> SearchAsync(
        BatchRequest request, IReadOnlyList<BatchField> fields, Dictionary<string, string> failed, CancellationToken cancellationToken)
    {
        var areas = new List<(Geometry Area, List<BatchField> Fields)>();
        if (request.Roi is { } roi)
        {
            var within = new List<BatchField>();
            foreach (var field in fields)
            {
                if (roi.EnvelopeInternal.Intersects(field.Wgs84Envelope))
                {
                    within.Add(field);
                }
                else
                {
                    failed.TryAdd(field.Id, $"field {field.Id} lies outside the region of interest");
                }
            }

            areas.Add((roi, within));
        }
        else
        {
            double cell = request.SearchCellDegrees;
            var onEarth = new List<BatchField>(fields.Count);
            foreach (var field in fields)
            {
                // A field off the globe fails alone; it must not make its cell's search area invalid for its neighbours.
                var e = field.Wgs84Envelope;
                if (e.MinX >= -180 && e.MaxX <= 180 && e.MinY >= -90 && e.MaxY <= 90)
                {
                    onEarth.Add(field);
                }
                else
                {
                    failed.TryAdd(field.Id, string.Create(CultureInfo.InvariantCulture,
                        $"field {field.Id} lies outside longitude -180..180 / latitude -90..90 (its extent is {e.MinX:R}..{e.MaxX:R}, {e.MinY:R}..{e.MaxY:R}); give EPSG:4326 coordinates as (longitude, latitude) or state the layer's CRS"));
                }
            }

            foreach (var group in onEarth.GroupBy(f => (X: Math.Floor(f.Wgs84Envelope.Centre.X / cell), Y: Math.Floor(f.Wgs84Envelope.Centre.Y / cell))).OrderBy(g => g.Key.Y).ThenBy(g => g.Key.X))
            {
                var envelope = new Envelope();
                foreach (var f in group)
                {
                    envelope.ExpandToInclude(f.Wgs84Envelope);
                }

                envelope.ExpandBy(0.001);
                envelope = envelope.Intersection(new Envelope(-180, 180, -90, 90));
                areas.Add((Wgs84Factory.ToGeometry(envelope), group.ToList()));
            }
        }

        var scenes = new Dictionary<string, (S2SceneCandidate Candidate, List<BatchField> Fields)>(StringComparer.Ordinal);
        // A scene found from several areas (cells) has its footprint unioned and prepared once.
        var footprints = new Dictionary<string, NetTopologySuite.Geometries.Prepared.IPreparedGeometry?>(StringComparer.Ordinal);
        var noScene = new Dictionary<string, string>(StringComparer.Ordinal);
        var selection = new S2SceneSelection { Policy = options.ScenePolicy, MaxCloudFraction = options.MaxCloudFraction };
        foreach (var (area, areaFields) in areas)
        {
            if (areaFields.Count == 0)
            {
                continue;
            }

            var search = new S2SearchRequest(area, request.Start, S2TimeRange.InclusiveEnd(request.End));
            IReadOnlyList<S2SceneCandidate> selected;
            try
            {
                (selected, _) = await S2SceneSelector.SearchAndSelectAsync(source, search, selection, cancellationToken).ConfigureAwait(false);
            }
            catch (NoScenesFoundException)
            {
                foreach (var f in areaFields)
                {
                    noScene.TryAdd(f.Id, OutsideEveryScene(f.Id, request));
                }

                continue;
            }

            foreach (var candidate in selected)
            {
                // One footprint rule: a field is tried in a scene only where the scene's footprint (not the search area's
                // envelope) meets the field, so the outcome never depends on which other fields share the area.
                if (!footprints.TryGetValue(candidate.Scene.Id, out var footprint))
                {
                    footprints[candidate.Scene.Id] = footprint = SceneFootprint(candidate.Scene);
                }

                var meeting = footprint is null ? areaFields : areaFields.Where(f => footprint.Intersects(Wgs84Factory.ToGeometry(f.Wgs84Envelope))).ToList();
                if (meeting.Count == 0)
                {
                    continue;
                }

                if (!scenes.TryGetValue(candidate.Scene.Id, out var entry))
                {
                    scenes[candidate.Scene.Id] = entry = (candidate, []);
                }

                entry.Fields.AddRange(meeting);
            }
        }

        var ordered = scenes.Values
            .OrderBy(s => s.Candidate.Scene.DateTime).ThenBy(s => s.Candidate.Scene.Id, StringComparer.Ordinal)
            .Select(s => (s.Candidate, s.Fields.DistinctBy(f => f.Id).OrderBy(f => f.Id, PromptIdComparer.CodePoint).ToList()))
            .ToList();
        return (ordered, noScene);
    }

    // The union of the scene's item footprints (EPSG:4326), prepared for many tests; null when an item has none.
    private static NetTopologySuite.Geometries.Prepared.IPreparedGeometry? SceneFootprint(S2Scene scene)
    {
        if (scene.Items.Any(i => i.Footprint is null or { IsEmpty: true }))
        {
            return null;
        }

        var union = NetTopologySuite.Operation.Union.UnaryUnionOp.Union(scene.Items.Select(i => i.Footprint!).ToList());
        return NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(union);
    }

    private async Task RunSceneAsync(BatchRequest request, S2Scene scene, List<BatchField> sceneFields, int sceneIndex, int sceneCount, int fieldCount,
        string outputDirectory, FieldGeoPackage gpkg, HashSet<(string, string)> done, Dictionary<string, string> failed, HashSet<string> inside,
        Counters counters, IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new BatchProgress(BatchStage.Planning, sceneIndex, sceneCount, 0, 0, counters.PairsDone, fieldCount));
        var candidates = sceneFields.Where(f => !failed.ContainsKey(f.Id)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        await using var raster = await OpenAsync(scene, OpenRoi(request, candidates), cancellationToken).ConfigureAwait(false);
        int imageBands = options.BandNames.Count;
        bool hasScl = raster.Bands.Count > imageBands;
        var (placed, chips, gridCount) = Place(request, raster, candidates, failed, inside);
        if (placed.Count == 0)
        {
            return;
        }

        var mine = new List<ChipCover.Selection>();
        foreach (var chip in chips)
        {
            if (counters.PlannedAll++ % request.ShardCount == request.ShardIndex)
            {
                mine.Add(chip);
            }
        }

        counters.PlannedMine += mine.Count;
        logger.LogInformation("Scene {SceneId}: {Fields} fields in {Chips} chips ({Mine} for this shard) of {Grid}", scene.Id, placed.Count, chips.Count, mine.Count, gridCount);

        // Fields already decided in this scene (a rerun) are not decoded again; a chip left without any is not read.
        var pending = new List<IReadOnlyList<int>>(mine.Count);
        foreach (var chip in mine)
        {
            var left = chip.Fields.Where(f => !done.Contains((placed[f].Field.Id, scene.Id))).ToList();
            counters.Pairs += chip.Fields.Count;
            counters.PairsDone += chip.Fields.Count - left.Count;
            pending.Add(left);
        }

        var settings = new FieldSinkSettings(imageBands, hasScl, request.MaskMargin, options.PointsPerBatch, request.WriteMasks, outputDirectory);
        int pairsBefore = counters.PairsDone;
        int chipsFinished = 0;
        FieldRowSink? sink = null;
        void Report() => progress?.Report(new BatchProgress(BatchStage.Segmenting, sceneIndex, sceneCount, chipsFinished, mine.Count, pairsBefore + sink!.PairsDecided, fieldCount));
        sink = new FieldRowSink(sam, promptEncoder, raster, scene, placed, mine, pending, gpkg, settings, Report);
        var (scale, offset) = BandScaling.For(raster.Bands, imageBands, options);
        var run = new ChipRunRequest(raster, mine.Select((chip, i) => new ChipWork(i, chip.Window, pending[i].Count > 0)).ToList(), imageBands, scale, offset)
        {
            SkipNodataChips = options.SkipNodataChips,
            ReleaseModelMemoryAfterLast = options.ReleaseEncoderMemoryAfterRun && sceneIndex == sceneCount - 1,
        };
        var stats = await new ChipRunner(sam, logger).RunAsync(run, sink, chipsDone =>
        {
            chipsFinished = chipsDone;
            Report();
        }, cancellationToken).ConfigureAwait(false);
        counters.Encoded += stats.Encoded;
        counters.Rows += sink.Rows;
        counters.PairsDone += sink.PairsDecided;
        logger.LogDebug("Scene {SceneId}: read {Read} s, preprocess {Preprocess} s, encode {Encode} s, decode and write {Decode} s", scene.Id,
            Math.Round(stats.Timings.Read.TotalSeconds, 2), Math.Round(stats.Timings.Preprocess.TotalSeconds, 2), Math.Round(stats.Timings.Encode.TotalSeconds, 2), Math.Round(stats.Timings.Decode.TotalSeconds, 2));
    }

    // The region a scene is opened over: the ROI, or the fields' envelope with a little room.
    private static Geometry OpenRoi(BatchRequest request, IReadOnlyList<BatchField> fields)
    {
        var envelope = new Envelope();
        foreach (var f in fields)
        {
            envelope.ExpandToInclude(f.Wgs84Envelope);
        }

        envelope.ExpandBy(0.001);
        return request.Roi ?? Wgs84Factory.ToGeometry(envelope);
    }

    // The field plan of one open scene: each field prepared on its own (a bad one fails alone), then the chips of the
    // scene's grid that hold the fields whole, shared greedily (ChipCover). Failures go to `failed`; fields inside the
    // scene's grid to `inside`.
    private (List<(BatchField Field, PromptSet Set, ChipCover.Extent Extent)> Placed, IReadOnlyList<ChipCover.Selection> Chips, int GridCount) Place(
        BatchRequest request, IS2SceneRaster raster, IReadOnlyList<BatchField> candidates, Dictionary<string, string> failed, HashSet<string> inside)
    {
        // Every prompt must lie strictly within the scene's grid (and the ROI, when there is one).
        var gt = raster.GeoTransform;
        var (x0, y0) = gt.PixelToMap(0, 0);
        var (x1, y1) = gt.PixelToMap(raster.Width, raster.Height);
        var extent = new Envelope(x0, x1, y0, y1);
        if (request.Roi is not null)
        {
            extent = extent.Intersection(CrsTransform.Create(CrsRegistry.Wgs84, raster.Epsg).Transform(request.Roi).EnvelopeInternal);
        }

        var placed = new List<(BatchField Field, PromptSet Set, ChipCover.Extent Extent)>();
        foreach (var field in candidates)
        {
            PromptSet set;
            try
            {
                set = promptEncoder.Prepare(field.Prompts, raster.Epsg, gt, extent, request.PromptsEpsg);
            }
            catch (PromptValidationException ex) when (ex.Rule == PromptValidationRule.OutsideRoi)
            {
                continue;
            }
            catch (Exception ex) when (ex is PromptValidationException or UnsupportedCrsException)
            {
                failed.TryAdd(field.Id, $"field {field.Id}: {ex.Message}");
                continue;
            }

            inside.Add(field.Id);
            var group = set.Groups[0];
            if (group.ForegroundCount == 0 && group.Box is null)
            {
                failed.TryAdd(field.Id, $"field {field.Id} has only background points (label 0) and no box: the reference segments no chip for it");
                continue;
            }

            double xMin = double.PositiveInfinity, yMin = double.PositiveInfinity, xMax = double.NegativeInfinity, yMax = double.NegativeInfinity;
            foreach (var p in group.Points)
            {
                (xMin, yMin, xMax, yMax) = (Math.Min(xMin, p.X), Math.Min(yMin, p.Y), Math.Max(xMax, p.X), Math.Max(yMax, p.Y));
            }

            if (group.Box is { } b)
            {
                (xMin, yMin, xMax, yMax) = (Math.Min(xMin, b.XMin), Math.Min(yMin, b.YMin), Math.Max(xMax, b.XMax), Math.Max(yMax, b.YMax));
            }

            placed.Add((field, set, new ChipCover.Extent(xMin, yMin, xMax, yMax)));
        }

        if (placed.Count == 0)
        {
            return (placed, [], 0);
        }

        var plan = chipper.Plan(raster.Width, raster.Height, gt, null);
        var (chips, tooLarge) = ChipCover.Choose(placed.Select(p => p.Extent).ToList(), plan.ColStarts, plan.RowStarts, plan.ChipSize, request.MaskMargin);
        foreach (int f in tooLarge)
        {
            var e = placed[f].Extent;
            failed.TryAdd(placed[f].Field.Id, string.Create(CultureInfo.InvariantCulture,
                $"field {placed[f].Field.Id}: its prompts span {e.XMax - e.XMin:0.#} x {e.YMax - e.YMin:0.#} pixels, more than one {plan.ChipSize} px chip of the scene's grid holds"));
        }

        return (placed, chips, plan.Count);
    }

    private async Task<IS2SceneRaster> OpenAsync(S2Scene scene, Geometry roi, CancellationToken cancellationToken)
    {
        var bands = options.BandNames.Append(S2Bands.Scl).ToArray();
        try
        {
            return await source.OpenAsync(scene, Read(bands), cancellationToken).ConfigureAwait(false);
        }
        catch (MissingBandException ex) when (ex.Band == S2Bands.Scl)
        {
            logger.LogWarning("Scene {SceneId} has no SCL band: cloud_fraction is left empty", scene.Id);
            return await source.OpenAsync(scene, Read(options.BandNames), cancellationToken).ConfigureAwait(false);
        }

        S2ReadRequest Read(IReadOnlyList<string> b) => new(roi, b) { ApplyBoaOffset = options.ApplyBoaOffset, Resampling = options.Resampling };
    }

    private sealed class Counters
    {
        public int PlannedAll;
        public int PlannedMine;
        public int Encoded;
        public int Rows;
        public int Pairs;
        public int PairsDone;
    }
}

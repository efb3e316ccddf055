using System.Buffers;
using System.Globalization;
using NetTopologySuite.Geometries;
using SegmentS2.Output;
using SegmentS2.Pipeline;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Clouds;

namespace SegmentS2.Batch;

/// <summary>
/// The field rows of a batch: for each chip, every pending field decoded in its own window (its prompts plus the mask
/// margin, cut to the chip), polygonised and committed to <c>fields.gpkg</c> in one transaction per group of fields. Per-field work
/// (decoding, the nodata and cloud checks, the foreground scan, polygons) touches only that window, so it scales with
/// the field, not the chip.
/// </summary>
internal sealed class FieldRowSink : IChipSink
{
    /// <summary>Fields segmented in parallel and committed together; a chip with more fields commits in several groups.</summary>
    internal const int GroupSize = 1000;

    // A field that takes longer than this (the decoder's Run, mostly) is segmented one at a time.
    private static readonly TimeSpan HeavyDecode = TimeSpan.FromMilliseconds(20);

    private static readonly GeometryFactory Wgs84Factory = new(new PrecisionModel(), CrsRegistry.Wgs84);

    private readonly ISamSession _sam;
    private readonly IPromptEncoder _promptEncoder;
    private readonly IS2SceneRaster _raster;
    private readonly S2Scene _scene;
    private readonly IReadOnlyList<(BatchField Field, PromptSet Set, ChipCover.Extent Extent)> _fields;
    private readonly IReadOnlyList<ChipCover.Selection> _chips;
    private readonly IReadOnlyList<IReadOnlyList<int>> _pending;
    private readonly FieldGeoPackage _gpkg;
    private readonly FieldSinkSettings _settings;
    private readonly CrsTransform _toWgs84;
    private readonly GeometryFactory _factory;
    private readonly double _pixelArea;
    private readonly string _dateTime;
    private readonly Action? _fieldsDecided;
    private int _parallelism;
    private int _probed;

    /// <summary>Creates the sink of one scene.</summary>
    /// <param name="sam">The session that decodes.</param>
    /// <param name="promptEncoder">Turns a field's prompts into decoder calls in a chip.</param>
    /// <param name="raster">The open scene: image bands, then SCL when <paramref name="settings"/> says so.</param>
    /// <param name="scene">The scene.</param>
    /// <param name="fields">The fields placed in the scene: prompts in scene pixels and their extent.</param>
    /// <param name="chips">This shard's chips; a <see cref="ChipWork.Index"/> indexes this list.</param>
    /// <param name="pending">Per chip, the fields (indexes into <paramref name="fields"/>) not yet decided in this scene.</param>
    /// <param name="gpkg">Where the rows go.</param>
    /// <param name="settings">Bands, margins and output folder.</param>
    /// <param name="fieldsDecided">Called after each group of fields is committed (<see cref="PairsDecided"/> has grown).</param>
    public FieldRowSink(ISamSession sam, IPromptEncoder promptEncoder, IS2SceneRaster raster, S2Scene scene,
        IReadOnlyList<(BatchField Field, PromptSet Set, ChipCover.Extent Extent)> fields, IReadOnlyList<ChipCover.Selection> chips,
        IReadOnlyList<IReadOnlyList<int>> pending, FieldGeoPackage gpkg, FieldSinkSettings settings, Action? fieldsDecided = null)
    {
        _fieldsDecided = fieldsDecided;
        _sam = sam;
        _promptEncoder = promptEncoder;
        _raster = raster;
        _scene = scene;
        _fields = fields;
        _chips = chips;
        _pending = pending;
        _gpkg = gpkg;
        _settings = settings;
        _toWgs84 = CrsTransform.Create(raster.Epsg, CrsRegistry.Wgs84);
        _factory = new GeometryFactory(new PrecisionModel(), raster.Epsg);
        var gt = raster.GeoTransform;
        _pixelArea = Math.Abs(gt.Dx * gt.Dy - gt.Rx * gt.Ry);
        _dateTime = scene.DateTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    }

    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>(field, scene) pairs decided so far, segmented or failed.</summary>
    public int PairsDecided { get; private set; }

    /// <inheritdoc />
    public ValueTask SkippedAsync(ChipWork chip, ChipSkipReason reason, CancellationToken cancellationToken)
    {
        var pending = _pending[chip.Index];
        if (reason == ChipSkipReason.Nodata && pending.Count > 0)
        {
            string chipText = ChipText(_chips[chip.Index].Window);
            var runs = pending.Select(f => Failed(f, $"field {_fields[f].Field.Id}: scene {_scene.Id} has no data in chip {chipText}")).ToList();
            _gpkg.Write([], runs);
            PairsDecided += pending.Count;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Fields are segmented on every core, <see cref="GroupSize"/> at a time, unless the second field shows a decoder heavy
    /// enough to use every core itself (then one at a time); each group's rows are committed in order, then reported, so a
    /// chip of many fields shows progress and a stopped run keeps the groups it finished.
    /// </remarks>
    public async ValueTask EncodedAsync(ChipWork chip, SamEmbedding embedding, ReadOnlyMemory<float> pixels, bool releaseModelMemory, CancellationToken cancellationToken)
    {
        var window = chip.Window;
        var context = new ChipContext(window, checked((int)window.PixelCount), ChipText(window), _raster.GeoTransform.ForWindow(window), embedding, pixels);
        var pending = _pending[chip.Index];
        var outcomes = new (FieldMaskRow? Mask, FieldRunRow Run)[Math.Min(GroupSize, pending.Count)];
        if (_settings.WriteMasks && pending.Count > 0)
        {
            Directory.CreateDirectory(Path.Combine(_settings.OutputDirectory, FieldGeoPackage.OutputMasksFolder));
        }

        for (int start = 0; start < pending.Count; start += GroupSize)
        {
            int count = Math.Min(GroupSize, pending.Count - start);
            int first = 0;
            while (_parallelism == 0 && first < count)
            {
                // The first two fields run alone; the second (the first may load the decoder's low-resolution copy) tells
                // how heavy the decoder is. One that takes milliseconds already keeps every core busy inside its Run, and
                // two at once would only hold two of its working sets (SAM vit_b: 0.2-0.5 GB).
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                outcomes[first] = await SegmentAsync(pending[start + first], context, cancellationToken).ConfigureAwait(false);
                first++;
                if (++_probed == 2)
                {
                    _parallelism = System.Diagnostics.Stopwatch.GetElapsedTime(started) > HeavyDecode ? 1 : Environment.ProcessorCount;
                }
            }

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _parallelism), CancellationToken = cancellationToken };
            await Parallel.ForAsync(first, count, parallel, async (i, ct) => outcomes[i] = await SegmentAsync(pending[start + i], context, ct).ConfigureAwait(false)).ConfigureAwait(false);
            var group = outcomes.AsSpan(0, count);
            var masks = new List<FieldMaskRow>(count);
            var runs = new List<FieldRunRow>(count);
            foreach (var (mask, run) in group)
            {
                if (mask is not null)
                {
                    masks.Add(mask);
                }

                runs.Add(run);
            }

            _gpkg.Write(masks, runs);
            Rows += masks.Count;
            PairsDecided += count;
            group.Clear();
            _fieldsDecided?.Invoke();
        }
    }

    // One field in one chip: its row, or the reason it has none.
    private async ValueTask<(FieldMaskRow? Mask, FieldRunRow Run)> SegmentAsync(int f, ChipContext chip, CancellationToken cancellationToken)
    {
        var (field, set, extent) = _fields[f];
        var window = chip.Window;
        var prompts = _promptEncoder.ForChip(set, window, _settings.PointsPerBatch);
        if (prompts.Count != 1)
        {
            return (null, Failed(f, $"field {field.Id}: no valid prompt in chip {chip.Text} of scene {_scene.Id}"));
        }

        // The field's own pixels (its prompts' extent) decide nodata; its window adds the margin the mask may take.
        var own = FieldWindow(extent, window, 0);
        if (AllNodata(chip.Pixels.Span, chip.Plane, window.Width, own))
        {
            return (null, Failed(f, $"field {field.Id}: scene {_scene.Id} has no data over the field (its pixels {ChipText(own.Offset(window.Col, window.Row))} are all nodata)"));
        }

        var fieldWindow = FieldWindow(extent, window, _settings.MaskMargin);
        var mask = ArrayPool<byte>.Shared.Rent(checked((int)fieldWindow.PixelCount));
        try
        {
            var destination = mask.AsMemory(0, (int)fieldWindow.PixelCount);
            try
            {
                await _sam.DecodeWindowAsync(chip.Embedding, prompts[0], fieldWindow, destination, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return (null, Failed(f, $"field {field.Id}: the decoder failed in scene {_scene.Id}: {ex.Message}"));
            }

            var bounds = Foreground(destination.Span, fieldWindow.Width, fieldWindow.Height, out long count);
            if (count == 0)
            {
                return (null, Failed(f, $"field {field.Id}: the decoder returned an empty mask in scene {_scene.Id}"));
            }

            var crop = new byte[bounds.PixelCount];
            for (int r = 0; r < bounds.Height; r++)
            {
                destination.Span.Slice((bounds.Row + r) * fieldWindow.Width + bounds.Col, bounds.Width).CopyTo(crop.AsSpan(r * bounds.Width, bounds.Width));
            }

            var inChip = bounds.Offset(fieldWindow.Col, fieldWindow.Row);
            double? cloud = _settings.HasScl ? CloudFraction(chip.Pixels.Span.Slice(_settings.ImageBands * chip.Plane, chip.Plane), window.Width, inChip, crop) : null;
            var cropTransform = chip.Transform.ForWindow(inChip);
            var polygons = MaskPolygonizer.Polygonize(crop, bounds.Width, bounds.Height, cropTransform, _factory);
            var geometry = _toWgs84.Transform(_factory.CreateMultiPolygon(polygons.ToArray()));
            if (geometry is not MultiPolygon)
            {
                geometry = Wgs84Factory.CreateMultiPolygon(geometry is Polygon p ? [p] : []);
            }

            geometry.SRID = CrsRegistry.Wgs84;
            if (_settings.WriteMasks)
            {
                string path = OutputPaths.Combine(Path.Combine(_settings.OutputDirectory, FieldGeoPackage.OutputMasksFolder),
                    $"{OutputPaths.Stem(field.Id)}_{OutputPaths.Stem(_scene.Id)}.tif");
                await MaskGeoTiffWriter.WriteAsync(path, crop, bounds.Width, bounds.Height, _raster.Epsg, cropTransform, [field.Id], cancellationToken).ConfigureAwait(false);
            }

            return (new FieldMaskRow(field.Id, _scene.Id, _dateTime, count, count * _pixelArea, cloud, chip.Text, geometry),
                new FieldRunRow(field.Id, _scene.Id, FieldRunRow.Segmented, null));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(mask);
        }
    }

    /// <summary>The field's window in chip pixels: its prompts' extent (scene pixels) grown by the margin and cut to the chip.</summary>
    internal static PixelWindow FieldWindow(ChipCover.Extent extent, PixelWindow chip, int margin)
    {
        int col0 = (int)Math.Clamp(Math.Floor(extent.XMin - margin) - chip.Col, 0, chip.Width - 1);
        int row0 = (int)Math.Clamp(Math.Floor(extent.YMin - margin) - chip.Row, 0, chip.Height - 1);
        int col1 = (int)Math.Clamp(Math.Ceiling(extent.XMax + margin) - chip.Col, col0 + 1, chip.Width);
        int row1 = (int)Math.Clamp(Math.Ceiling(extent.YMax + margin) - chip.Row, row0 + 1, chip.Height);
        return new PixelWindow(col0, row0, col1 - col0, row1 - row0);
    }

    // What every field of one chip shares.
    private sealed record ChipContext(PixelWindow Window, int Plane, string Text, GeoTransform Transform, SamEmbedding Embedding, ReadOnlyMemory<float> Pixels);

    private FieldRunRow Failed(int field, string reason) => new(_fields[field].Field.Id, _scene.Id, FieldRunRow.Failed, reason);

    private static string ChipText(PixelWindow w) => string.Create(CultureInfo.InvariantCulture, $"{w.Col},{w.Row},{w.Width},{w.Height}");

    // True when every image-band pixel of the window is nodata (0).
    private bool AllNodata(ReadOnlySpan<float> pixels, int plane, int chipWidth, PixelWindow window)
    {
        for (int b = 0; b < _settings.ImageBands; b++)
        {
            for (int r = 0; r < window.Height; r++)
            {
                if (pixels.Slice(b * plane + (window.Row + r) * chipWidth + window.Col, window.Width).IndexOfAnyExcept(0f) >= 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static PixelWindow Foreground(ReadOnlySpan<byte> mask, int width, int height, out long count)
    {
        int colMin = width, colMax = -1, rowMin = height, rowMax = -1;
        count = 0;
        for (int r = 0; r < height; r++)
        {
            var row = mask.Slice(r * width, width);
            int first = row.IndexOfAnyExcept((byte)0);
            if (first < 0)
            {
                continue;
            }

            int last = row.LastIndexOfAnyExcept((byte)0);
            count += row.Length - row.Count((byte)0);
            (colMin, colMax, rowMin, rowMax) = (Math.Min(colMin, first), Math.Max(colMax, last), Math.Min(rowMin, r), r);
        }

        return count == 0 ? default : new PixelWindow(colMin, rowMin, colMax - colMin + 1, rowMax - rowMin + 1);
    }

    // Cloudy share of the mask's pixels with a valid SCL class; the crop is the mask over `bounds` (chip pixels).
    private static double? CloudFraction(ReadOnlySpan<float> scl, int chipWidth, PixelWindow bounds, ReadOnlySpan<byte> crop)
    {
        long valid = 0, cloudy = 0;
        for (int r = 0; r < bounds.Height; r++)
        {
            var sclRow = scl.Slice((bounds.Row + r) * chipWidth + bounds.Col, bounds.Width);
            var maskRow = crop.Slice(r * bounds.Width, bounds.Width);
            for (int c = 0; c < maskRow.Length; c++)
            {
                int s = (int)sclRow[c];
                if (maskRow[c] == 0 || s == 0)
                {
                    continue;
                }

                valid++;
                cloudy += S2CloudMask.IsCloud(s) ? 1 : 0;
            }
        }

        return valid == 0 ? null : (double)cloudy / valid;
    }
}

using System.Buffers;
using System.Diagnostics;
using SegmentS2.Chipping;
using SegmentS2.Pipeline;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Tensors;

namespace SegmentS2.Automatic;

/// <summary>
/// Automatic segmentation's sink on the <see cref="ChipRunner"/>: decodes each encoded chip's point grid (and crop layers),
/// keeps the masks that pass the predicted-IoU and stability filters as candidates (box, scores, pixels in the
/// <see cref="CandidateStore"/>), and decodes one chip while the runner encodes the next. The selection runs after the
/// last chip, in <see cref="MaskSelection"/>.
/// </summary>
internal sealed class AutomaticSink : IChipSink
{
    private readonly ISamSession _sam;
    private readonly AutomaticSegmentationParameters _parameters;
    private readonly ChipPlan _grid;
    private readonly IReadOnlyList<bool> _chipHasRoi;
    private readonly int _imageBands;
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly CandidateStore _store;
    private readonly List<MaskCandidate>[] _candidates;
    private readonly PixelWindow[] _chipWindows;
    private readonly IReadOnlyList<(int X0, int Y0, int X1, int Y1, int Layer)> _crops;
    private readonly float[][] _points; // per crop: the same grid in every chip
    private Task _pending = Task.CompletedTask;
    private long _prompts;
    private long _decodeTicks;

    /// <summary>Creates the sink for one scene's chip grid.</summary>
    /// <param name="sam">The session.</param>
    /// <param name="parameters">Validated parameters.</param>
    /// <param name="grid">The scene's chip grid over the ROI window.</param>
    /// <param name="chipHasRoi">Per chip: whether it holds ROI pixels (chips that do not are not read).</param>
    /// <param name="imageBands">How many of the pixel planes the encoder sees (1 or 3).</param>
    /// <param name="scale">Per image band scale, as the runner's.</param>
    /// <param name="offset">Per image band offset, as the runner's.</param>
    /// <param name="store">Where candidate pixels go.</param>
    public AutomaticSink(ISamSession sam, AutomaticSegmentationParameters parameters, ChipPlan grid, IReadOnlyList<bool> chipHasRoi,
        int imageBands, float[] scale, float[] offset, CandidateStore store)
    {
        _sam = sam;
        _parameters = parameters;
        _grid = grid;
        _chipHasRoi = chipHasRoi;
        _imageBands = imageBands;
        _scale = scale;
        _offset = offset;
        _store = store;
        var chips = grid.Chips.ToArray();
        _chipWindows = chips.Select(c => c.Read).ToArray();
        _candidates = chips.Select(_ => new List<MaskCandidate>()).ToArray();
        _crops = PointGrid.CropBoxes(grid.ChipSize, parameters.NCropLayers, parameters.CropOverlapRatio);
        _points = _crops.Select(c => PointGrid.Points(parameters.PointsPerSideForLayer(c.Layer), c.X1 - c.X0, c.Y1 - c.Y0)).ToArray();
    }

    /// <summary>Point prompts decoded so far.</summary>
    public long PromptsDecoded => Interlocked.Read(ref _prompts);

    /// <summary>Time spent decoding (it overlaps the encoder).</summary>
    public TimeSpan DecodeTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _decodeTicks));

    /// <summary>Each chip's window (ROI-window pixels) and candidates, in plan order.</summary>
    public IReadOnlyList<(PixelWindow Window, IReadOnlyList<MaskCandidate> Candidates)> Candidates =>
        _chipWindows.Select((w, i) => (w, (IReadOnlyList<MaskCandidate>)_candidates[i])).ToArray();

    /// <summary>The chips to run, in plan order (raster pixels); chips without ROI pixels are not read.</summary>
    public IReadOnlyList<ChipWork> Chips()
    {
        var roi = _grid.RoiWindow;
        return _chipWindows.Select((w, i) => new ChipWork(i, w.Offset(roi.Col, roi.Row), _chipHasRoi[i])).ToArray();
    }

    /// <inheritdoc />
    public ValueTask SkippedAsync(ChipWork chip, ChipSkipReason reason, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask EncodedAsync(ChipWork chip, SamEmbedding embedding, ReadOnlyMemory<float> pixels, bool releaseModelMemory, CancellationToken cancellationToken)
    {
        // The runner reuses the pixels once this returns: keep what decoding needs (the nodata rule, and the image for crops).
        int plane = checked((int)chip.Window.PixelCount);
        var image = pixels.Span[..(_imageBands * plane)];
        byte[]? nodata = NodataMask(image, plane);
        float[]? cropSource = null;
        if (_crops.Count > 1)
        {
            cropSource = ArrayPool<float>.Shared.Rent(image.Length);
            image.CopyTo(cropSource);
        }

        // One chip decodes while the runner reads and encodes the next: wait for the previous chip first.
        await _pending.ConfigureAwait(false);
        _pending = Task.Run(async () =>
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                await DecodeChipAsync(chip, embedding, nodata, cropSource, releaseModelMemory, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Add(ref _decodeTicks, Stopwatch.GetTimestamp() - started);
                if (nodata is not null)
                {
                    ArrayPool<byte>.Shared.Return(nodata);
                }

                if (cropSource is not null)
                {
                    ArrayPool<float>.Shared.Return(cropSource);
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>Waits for the last chip's decoding.</summary>
    public Task FinishAsync() => _pending;

    // 1 where any image band is nodata (0), the reference's chip mask; null when the chip has none.
    private byte[]? NodataMask(ReadOnlySpan<float> image, int plane)
    {
        byte[]? mask = null;
        for (int b = 0; b < _imageBands; b++)
        {
            var band = image.Slice(b * plane, plane);
            int i = band.IndexOf(0f);
            while (i >= 0)
            {
                if (mask is null)
                {
                    mask = ArrayPool<byte>.Shared.Rent(plane);
                    mask.AsSpan(0, plane).Clear();
                }

                mask[i] = 1;
                int next = band[(i + 1)..].IndexOf(0f);
                i = next < 0 ? -1 : i + 1 + next;
            }
        }

        return mask;
    }

    private async Task DecodeChipAsync(ChipWork chip, SamEmbedding embedding, byte[]? nodata, float[]? cropSource, bool releaseModelMemory, CancellationToken cancellationToken)
    {
        int chipSize = _grid.ChipSize;
        var read = _chipWindows[chip.Index];
        var list = _candidates[chip.Index];
        for (int cropIndex = 0; cropIndex < _crops.Count; cropIndex++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var crop = _crops[cropIndex];
            int cropWidth = crop.X1 - crop.X0, cropHeight = crop.Y1 - crop.Y0;
            var cropEmbedding = crop.Layer == 0 ? embedding
                : await EncodeCropAsync(cropSource!, chipSize, crop, cancellationToken).ConfigureAwait(false);
            byte[]? cropNodata = crop.Layer == 0 ? nodata : CropOf(nodata, chipSize, crop);
            float iouThreshold = (float)_parameters.PredIouThresh;
            float offset = (float)_parameters.StabilityScoreOffset;
            double stabilityThreshold = _parameters.StabilityScoreThresh;
            byte[] bitmap = ArrayPool<byte>.Shared.Rent(cropWidth * cropHeight);
            try
            {
                await _sam.DecodePointsAsync(cropEmbedding, _points[cropIndex], _parameters.PointsPerBatch, (point, score, logits) =>
                {
                    Interlocked.Increment(ref _prompts);
                    // The reference's filters, in its order and arithmetic: float32 score, then the stability in float64.
                    if (!(score > iouThreshold))
                    {
                        return;
                    }

                    double stability = MaskMeasure.Stability(logits, offset);
                    if (!(stability > stabilityThreshold) || !MaskMeasure.ForegroundBox(logits, cropWidth, cropHeight, out int x0, out int y0, out int x1, out int y1))
                    {
                        return;
                    }

                    int w = x1 - x0 + 1, h = y1 - y0 + 1;
                    var pixels = bitmap.AsSpan(0, w * h);
                    long count = MaskMeasure.Bitmap(logits, cropWidth, cropNodata is null ? default : cropNodata.AsSpan(0, cropWidth * cropHeight), x0, y0, w, h, pixels);
                    var entry = _store.Append(pixels);
                    int dx = read.Col + crop.X0, dy = read.Row + crop.Y0;
                    list.Add(new MaskCandidate(chip.Index, list.Count, score, (float)stability, x0 + dx, y0 + dy, x1 + dx, y1 + dy, count, entry));
                }, releaseModelMemory && cropIndex == _crops.Count - 1, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bitmap);
                if (crop.Layer != 0 && cropNodata is not null)
                {
                    ArrayPool<byte>.Shared.Return(cropNodata);
                }
            }
        }
    }

    private static byte[]? CropOf(byte[]? nodata, int chipSize, (int X0, int Y0, int X1, int Y1, int Layer) crop)
    {
        if (nodata is null)
        {
            return null;
        }

        int w = crop.X1 - crop.X0, h = crop.Y1 - crop.Y0;
        var cropped = ArrayPool<byte>.Shared.Rent(w * h);
        for (int r = 0; r < h; r++)
        {
            nodata.AsSpan((crop.Y0 + r) * chipSize + crop.X0, w).CopyTo(cropped.AsSpan(r * w, w));
        }

        return cropped;
    }

    // A crop as SAM sees one: resized (bilinear) so its longest side is the encoder's size, preprocessed, zero-padded.
    private async Task<SamEmbedding> EncodeCropAsync(float[] chipImage, int chipSize, (int X0, int Y0, int X1, int Y1, int Layer) crop, CancellationToken cancellationToken)
    {
        int size = _sam.Model.ImageSize;
        int w = crop.X1 - crop.X0, h = crop.Y1 - crop.Y0;
        double scale = size / (double)Math.Max(w, h);
        int rw = (int)(w * scale + 0.5), rh = (int)(h * scale + 0.5);
        int chipPlane = chipSize * chipSize;
        var resized = new float[_imageBands * rw * rh];
        for (int b = 0; b < _imageBands; b++)
        {
            BilinearResize.Resize(chipImage.AsSpan(b * chipPlane, chipPlane), chipSize, new PixelWindow(crop.X0, crop.Y0, w, h), resized.AsSpan(b * rw * rh, rw * rh), rw, rh);
        }

        var small = new float[3 * rw * rh];
        var tensor = new float[3 * size * size];
        if (_sam.Model.EncoderLayout == SamEncoderLayout.NchwNormalized)
        {
            ChipPreprocessor.ToNormalizedNchw(resized, _imageBands, _scale, _offset, small);
            for (int c = 0; c < 3; c++)
            {
                for (int r = 0; r < rh; r++)
                {
                    small.AsSpan((c * rh + r) * rw, rw).CopyTo(tensor.AsSpan((c * size + r) * size, rw));
                }
            }
        }
        else
        {
            ChipPreprocessor.ToHwc255(resized, _imageBands, _scale, _offset, small);
            for (int r = 0; r < rh; r++)
            {
                small.AsSpan(r * rw * 3, rw * 3).CopyTo(tensor.AsSpan(r * size * 3, rw * 3));
            }
        }

        string hash = $"{ChipHash.ToHex(ChipHash.Compute(tensor))}-crop-{w}x{h}";
        return await _sam.GetEmbeddingAsync(new SamEncoderInput(tensor, h, w, hash), cancellationToken).ConfigureAwait(false);
    }
}

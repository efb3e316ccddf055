using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SegmentS2.Sam;
using SegmentS2.Tensors;

namespace SegmentS2.Pipeline;

/// <summary>
/// The one chip loop under every way to segment: reads each chip's pixels, applies the nodata rule, preprocesses and
/// hashes them into a pooled tensor, encodes (or finds the cached embedding) and hands the chip to an
/// <see cref="IChipSink"/> to decode. Reading and preprocessing run on their own task, a bounded channel ahead of the
/// encoder, so the next chip is read while this one is encoded and decoded; at most <see cref="ChipsInFlight"/> chips'
/// buffers exist at once.
/// </summary>
internal sealed class ChipRunner(ISamSession sam, ILogger logger)
{
    /// <summary>Chips whose pixels and tensors exist at once: the one being encoded and decoded, and the next one being read.</summary>
    public const int ChipsInFlight = 2;

    // A chip's pooled buffers: every band's pixels (for the sink) and the encoder tensor.
    private sealed class Slot(int pixelLength, int tensorLength)
    {
        public float[] Pixels { get; } = ArrayPool<float>.Shared.Rent(pixelLength);

        public float[] Tensor { get; } = ArrayPool<float>.Shared.Rent(tensorLength);

        public void Return()
        {
            ArrayPool<float>.Shared.Return(Pixels);
            ArrayPool<float>.Shared.Return(Tensor);
        }
    }

    // A chip handed from the reader to the model: skipped (with the reason), or read and preprocessed into a slot.
    private sealed record Prepared(ChipWork Chip, ChipSkipReason? Skip, Slot? Slot, string? Hash, bool Last);

    /// <summary>Runs every chip of <paramref name="request"/> through the encoder and <paramref name="sink"/>, in order.</summary>
    /// <param name="request">The scene and its chips.</param>
    /// <param name="sink">Decodes each encoded chip.</param>
    /// <param name="chipDone">Called with the number of chips done after each chip (skipped ones included); may be null.</param>
    /// <param name="cancellationToken">Stops between chips and inside model runs.</param>
    public async Task<ChipRunStatistics> RunAsync(ChipRunRequest request, IChipSink sink, Action<int>? chipDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        int maxPixels = request.Chips.Count == 0 ? 0 : request.Chips.Max(c => checked((int)c.Window.PixelCount));
        var ready = Channel.CreateBounded<Prepared>(new BoundedChannelOptions(ChipsInFlight - 1) { SingleReader = true, SingleWriter = true });
        var free = Channel.CreateBounded<Slot>(new BoundedChannelOptions(ChipsInFlight) { SingleReader = true, SingleWriter = true });
        var slots = new List<Slot>(ChipsInFlight);
        for (int i = 0; i < ChipsInFlight && maxPixels > 0; i++)
        {
            slots.Add(new Slot(request.Raster.Bands.Count * maxPixels, 3 * maxPixels));
            free.Writer.TryWrite(slots[i]);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = new Reader(sam, request);
        var reading = Task.Run(() => reader.RunAsync(ready.Writer, free.Reader, stop.Token), CancellationToken.None);
        TimeSpan encode = default, decode = default;
        int encoded = 0, skipped = 0, done = 0;
        try
        {
            await foreach (var prepared in ready.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sw = Stopwatch.StartNew();
                if (prepared.Slot is not { } slot)
                {
                    skipped++;
                    await sink.SkippedAsync(prepared.Chip, prepared.Skip!.Value, cancellationToken).ConfigureAwait(false);
                    decode += sw.Elapsed;
                    chipDone?.Invoke(++done);
                    continue;
                }

                var window = prepared.Chip.Window;
                int plane = checked((int)window.PixelCount);
                var input = new SamEncoderInput(slot.Tensor.AsMemory(0, 3 * plane), window.Height, window.Width, prepared.Hash!) { ReleaseMemoryAfterEncode = prepared.Last };
                var embedding = await sam.GetEmbeddingAsync(input, cancellationToken).ConfigureAwait(false);
                encode += sw.Elapsed;
                encoded++;
                sw.Restart();
                await sink.EncodedAsync(prepared.Chip, embedding, slot.Pixels.AsMemory(0, request.Raster.Bands.Count * plane), prepared.Last, cancellationToken).ConfigureAwait(false);
                decode += sw.Elapsed;

                // The sink is done with the pixels: the reader may refill the slot.
                free.Writer.TryWrite(slot);
                chipDone?.Invoke(++done);
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
            foreach (var slot in slots)
            {
                slot.Return();
            }
        }

        if (reader.Clipped > 0)
        {
            logger.LogWarning("Scene {SceneId}: {Clipped} scaled values fell outside [0, 1] and were clipped", request.Raster.Scene.Id, reader.Clipped);
        }

        return new ChipRunStatistics
        {
            Encoded = encoded,
            Skipped = skipped,
            Clipped = reader.Clipped,
            Timings = new StageTimings { Read = reader.ReadTime, Preprocess = reader.PreprocessTime, Encode = encode, Decode = decode },
        };
    }

    // The reader stage: reads each chip with work, applies the nodata rule and preprocesses it into a free slot.
    private sealed class Reader(ISamSession sam, ChipRunRequest request)
    {
        public TimeSpan ReadTime { get; private set; }

        public TimeSpan PreprocessTime { get; private set; }

        public long Clipped { get; private set; }

        public async Task RunAsync(ChannelWriter<Prepared> ready, ChannelReader<Slot> free, CancellationToken cancellationToken)
        {
            var raster = request.Raster;
            int bandCount = raster.Bands.Count;
            int imageBands = request.ImageBands;
            int last = request.ReleaseModelMemoryAfterLast ? request.Chips.Where(c => c.HasWork).Select(c => c.Index).DefaultIfEmpty(-1).Last() : -1;
            Slot? held = null; // a slot read into but not handed over (a nodata chip): the next chip reuses it
            try
            {
                foreach (var chip in request.Chips)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!chip.HasWork)
                    {
                        await ready.WriteAsync(new Prepared(chip, ChipSkipReason.NoWork, null, null, false), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var slot = held ?? await free.ReadAsync(cancellationToken).ConfigureAwait(false);
                    held = null;
                    int plane = checked((int)chip.Window.PixelCount);
                    var pixels = slot.Pixels.AsMemory(0, bandCount * plane);
                    var sw = Stopwatch.StartNew();
                    await raster.ReadAsync(chip.Window, pixels, cancellationToken).ConfigureAwait(false);
                    ReadTime += sw.Elapsed;
                    var image = pixels.Span[..(imageBands * plane)];
                    if (request.SkipNodataChips && image.IndexOfAnyExcept(0f) < 0)
                    {
                        held = slot;
                        await ready.WriteAsync(new Prepared(chip, ChipSkipReason.Nodata, null, null, false), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    sw.Restart();
                    var tensor = slot.Tensor.AsSpan(0, 3 * plane);
                    Clipped += sam.Model.EncoderLayout == SamEncoderLayout.NchwNormalized
                        ? ChipPreprocessor.ToNormalizedNchw(image, imageBands, request.Scale, request.Offset, tensor)
                        : ChipPreprocessor.ToHwc255(image, imageBands, request.Scale, request.Offset, tensor);
                    Clipped -= NodataBelowZero(image, imageBands, request.Offset);
                    string hash = ChipHash.ToHex(ChipHash.Compute(tensor));
                    PreprocessTime += sw.Elapsed;
                    await ready.WriteAsync(new Prepared(chip, null, slot, hash, chip.Index == last), cancellationToken).ConfigureAwait(false);
                }

                ready.TryComplete();
            }
            catch (Exception e)
            {
                ready.TryComplete(e);
                throw;
            }
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
}

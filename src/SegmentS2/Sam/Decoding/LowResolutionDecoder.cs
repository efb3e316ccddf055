using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SegmentS2.Raster;
using SegmentS2.Sam.Loading;
using static SegmentS2.Sam.Contract.SamContractNames;

namespace SegmentS2.Sam.Decoding;

/// <summary>
/// A copy of the decoder without its full-size <c>masks</c> output, for decodes that keep a window of the chip (one
/// field of a batch). ONNX Runtime runs every node of a graph whichever outputs are asked for, so the copy is pruned
/// (<see cref="OnnxOutputPruner"/>) and <see cref="SamMaskUpscaler"/> upscales only the window. It is made once the
/// first window decode has shown that this decoder's <c>masks</c> are SAM's upscale of its <c>low_res_masks</c>: every
/// pixel's sign agrees, except logits within 1e-4 of the largest low-resolution logit of 0; and only for a decoder whose
/// own work is light (a call under 40 ms), where the full-size upscale is most of the cost.
/// </summary>
internal sealed class LowResolutionDecoder(SamModelSource source, Func<SessionOptions> createOptions, ILogger logger) : IDisposable
{
    private const int Unchecked = 0;
    private const int Checking = 1;
    private const int On = 2;
    private const int Off = 3;
    private const float Tolerance = 1e-4f;

    private int state;

    /// <summary>The pruned decoder, once <see cref="IsOn"/>.</summary>
    public InferenceSession? Session { get; private set; }

    /// <summary>Whether window decodes run <see cref="Session"/>.</summary>
    public bool IsOn => Volatile.Read(ref state) == On;

    /// <summary>How the next window decode runs: one caller at a time gets <see cref="LowResolutionPath.Check"/>.</summary>
    public LowResolutionPath Path() => Volatile.Read(ref state) switch
    {
        On => LowResolutionPath.On,
        Unchecked when Interlocked.CompareExchange(ref state, Checking, Unchecked) == Unchecked => LowResolutionPath.Check,
        _ => LowResolutionPath.Off,
    };

    /// <summary>After a check: a check that ended without <see cref="Settle"/> (a failed or cancelled call) may be tried again.</summary>
    public void ReleaseCheck() => Interlocked.CompareExchange(ref state, Unchecked, Checking);

    /// <summary>
    /// Compares the full decoder's outputs of one call, then makes the pruned copy or turns the path off. A decoder whose
    /// call took longer than <paramref name="heavyCall"/> keeps its full masks: its own work dwarfs the full-size upscale
    /// (SAM vit_b on a CPU: 2-6 % of a 60-125 ms call), and the copy, a second session, would cost more memory than it
    /// saves time (+80 MB on a vit_b batch's peak).
    /// </summary>
    public void Settle(OrtValue masks, OrtValue iou, OrtValue lowRes, int pointCount, int imageSize, TimeSpan call, TimeSpan heavyCall)
    {
        var next = Off;
        try
        {
            if (call > heavyCall)
            {
                logger.LogDebug("Window decodes use the decoder's full masks: its call took {Milliseconds} ms, and the full-size upscale is a small part of that", (int)call.TotalMilliseconds);
                return;
            }

            if (Disagreement(masks, iou, lowRes, pointCount, imageSize) is { } reason)
            {
                logger.LogDebug("Window decodes use the decoder's full masks: {Reason}", reason);
                return;
            }

            var model = source.Bytes ?? (source.FilePath is { } path ? File.ReadAllBytes(path) : null);
            using (var stream = new MemoryStream(model ?? [], writable: false))
            {
                if (model is null || OnnxModelScanner.Scan(stream).ExternalDataLocations.Count > 0)
                {
                    logger.LogDebug("Window decodes use the decoder's full masks: its weights are not all in one model file");
                    return;
                }
            }

            if (OnnxOutputPruner.Prune(model, Masks) is not { } pruned)
            {
                logger.LogDebug("Window decodes use the decoder's full masks: its graph could not be pruned");
                return;
            }

            using var options = createOptions();
            Session = new InferenceSession(pruned, options);
            next = On;
            logger.LogDebug("Window decodes run the decoder without its full-size masks ({Before} -> {After} bytes) and upscale only the window", model.Length, pruned.Length);
        }
        catch (Exception e) when (e is OnnxRuntimeException or IOException or UnauthorizedAccessException or OnnxModelFormatException or SegmentS2Exception)
        {
            logger.LogDebug("Window decodes use the decoder's full masks: {Reason}", e.Message);
        }
        finally
        {
            Volatile.Write(ref state, next);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Session?.Dispose();

    // Why the upscale of low_res_masks is not these masks; null when it is.
    private static string? Disagreement(OrtValue masks, OrtValue iou, OrtValue lowRes, int pointCount, int imageSize)
    {
        var maskShape = masks.GetTensorTypeAndShape().Shape;
        var lowShape = lowRes.GetTensorTypeAndShape().Shape;
        if (lowShape.Length != 4 || lowShape[0] != 1 || lowShape[1] != maskShape[1] || lowShape[2] != lowShape[3] || lowShape[2] < 3)
        {
            return $"low_res_masks is [{string.Join(", ", lowShape)}], masks [{string.Join(", ", maskShape)}]";
        }

        int count = (int)maskShape[1], height = (int)maskShape[2], width = (int)maskShape[3], size = (int)lowShape[2];
        var selected = count == 1 ? 0 : SamMaskComposer.SelectMask(iou.GetTensorDataAsSpan<float>(), pointCount);
        var full = masks.GetTensorDataAsSpan<float>().Slice(selected * height * width, height * width);
        var low = lowRes.GetTensorDataAsSpan<float>().Slice(selected * size * size, size * size);
        var tolerance = Tolerance * Math.Max(1f, System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(low));
        var upscaled = ArrayPool<byte>.Shared.Rent(height * width);
        try
        {
            var mask = upscaled.AsSpan(0, height * width);
            mask.Clear();
            SamMaskUpscaler.OrThresholded(low, size, imageSize, height, width, new PixelWindow(0, 0, width, height), mask);
            var differing = 0;
            for (var i = 0; i < mask.Length; i++)
            {
                if ((full[i] > 0) != (mask[i] != 0) && Math.Abs(full[i]) > tolerance)
                {
                    differing++;
                }
            }

            return differing == 0 ? null : $"{differing} of {mask.Length} pixels of masks differ from the upscale of low_res_masks";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(upscaled);
        }
    }
}

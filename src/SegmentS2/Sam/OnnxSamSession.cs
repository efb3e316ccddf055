using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam.Caching;
using SegmentS2.Sam.Contract;
using SegmentS2.Sam.Decoding;
using SegmentS2.Sam.Loading;
using static SegmentS2.Sam.Contract.SamContractNames;

namespace SegmentS2.Sam;

/// <summary>
/// SAM on ONNX Runtime: an encoder and a decoder whose contract is detected from their metadata,
/// an embedding cache (memory LRU plus optional disk directory) with single-flight encoding, and
/// decoding of prompt groups into binary masks as FarmVibes.AI's <c>segment_anything</c> op does it.
/// Thread-safe: any number of callers may encode and decode concurrently.
/// </summary>
/// <remarks>
/// Tensors go to ONNX Runtime as <see cref="OrtValue"/>s over the caller's memory and the embedding
/// array; nothing is copied between the buffers we fill and the ones the models read. Dispose the
/// session only after every call on it has completed.
/// </remarks>
public sealed class OnnxSamSession : ISamSession
{
    private const int MaxChipSize = 16384;
    private const int MaxPointsPerCall = 1 << 16;
    private const int MaxContentHashLength = 128;
    private static readonly string[] EncoderOutputs = [ImageEmbeddings];
    private static readonly string[] DecoderOutputs = [Masks, IouPredictions];
    private static readonly string[] CheckedDecoderOutputs = [Masks, IouPredictions, LowResMasks];
    private static readonly string[] LowResolutionOutputs = [IouPredictions, LowResMasks];
    private static readonly float[] NoMask = [0f];

    private readonly InferenceSession encoder;
    private readonly InferenceSession decoder;
    private readonly SamContract contract;
    private readonly long[] encoderInputShape;
    private readonly long[] embeddingShape;
    private readonly long[] maskInputShape;
    private readonly int embeddingLength;
    private readonly float[] emptyMaskInput;
    private readonly EmbeddingCache cache;
    private readonly ILogger logger;
    private readonly bool encoderHasCpuArena;
    private readonly bool decoderHasCpuArena;
    private readonly LowResolutionDecoder? lowResolution;
    private long encoderRuns;
    private long decoderRuns;
    private long encoderRunTicks;
    private long decoderRunTicks;
    private int disposed;

    private OnnxSamSession(InferenceSession encoder, InferenceSession decoder, SamContract contract, string modelHash, SamExecutionProvider provider, SamSessionOptions options,
        (bool Encoder, bool Decoder) cpuArenas, SamModelSource decoderSource, ILogger logger)
    {
        (encoderHasCpuArena, decoderHasCpuArena) = cpuArenas;
        this.encoder = encoder;
        this.decoder = decoder;
        this.contract = contract;
        this.logger = logger;
        ExecutionProvider = provider;
        Model = new SamModelInfo(contract.EncoderLayout, contract.EncoderInputName, contract.ImageSize, Array.AsReadOnly(contract.EmbeddingShape), modelHash)
        {
            DecoderTakesPromptBatch = contract.DecoderTakesPromptBatch,
        };
        var size = contract.ImageSize;
        encoderInputShape = contract.EncoderLayout == SamEncoderLayout.NchwNormalized ? [1, 3, size, size] : [size, size, 3];
        embeddingShape = Array.ConvertAll(contract.EmbeddingShape, d => (long)d);
        embeddingLength = checked(contract.EmbeddingShape.Aggregate(1, (product, d) => product * d));
        maskInputShape = [1, 1, contract.MaskInputHeight, contract.MaskInputWidth];
        emptyMaskInput = new float[checked(contract.MaskInputHeight * contract.MaskInputWidth)];

        EmbeddingDiskCache? disk = null;
        if (options.EmbeddingCacheDirectory is { } directory)
        {
            if (EmbeddingDiskCache.IsSupported)
            {
                disk = new EmbeddingDiskCache(directory, modelHash, contract.EmbeddingShape, logger);
            }
            else
            {
                logger.LogWarning("The on-disk embedding cache needs a little-endian machine; it is off");
            }
        }

        cache = new EmbeddingCache(new EmbeddingMemoryCache(options.EmbeddingCacheBytes), disk, logger);
        if (decoder.OutputMetadata.ContainsKey(LowResMasks))
        {
            lowResolution = new LowResolutionDecoder(decoderSource, () => CreateOrtOptions(options, provider, SamModelRole.Decoder, decoderSource.Name), logger);
        }
    }

    /// <inheritdoc />
    public SamModelInfo Model { get; }

    /// <summary>The execution provider the models actually run on (CPU after a fallback).</summary>
    public SamExecutionProvider ExecutionProvider { get; }

    /// <inheritdoc />
    public long EncoderRuns => Interlocked.Read(ref encoderRuns);

    /// <inheritdoc />
    public long DecoderRuns => Interlocked.Read(ref decoderRuns);

    /// <inheritdoc />
    public SamSessionStatistics Statistics => new(
        EncoderRuns, Stopwatch.GetElapsedTime(0, Interlocked.Read(ref encoderRunTicks)),
        DecoderRuns, Stopwatch.GetElapsedTime(0, Interlocked.Read(ref decoderRunTicks)));

    /// <summary>Bytes of embeddings held in the in-memory cache now.</summary>
    public long CachedEmbeddingBytes => cache.Memory.Bytes;

    /// <summary>Number of embeddings held in the in-memory cache now.</summary>
    public int CachedEmbeddingCount => cache.Memory.Count;

    /// <summary>Loads an encoder and a decoder from files (external data files are found beside them).</summary>
    /// <param name="encoderPath">The encoder .onnx file.</param>
    /// <param name="decoderPath">The decoder .onnx file.</param>
    /// <param name="options">Threads, provider and cache; defaults when null.</param>
    /// <param name="logger">Receives load, fallback and cache messages; none when null.</param>
    public static OnnxSamSession Load(string encoderPath, string decoderPath, SamSessionOptions? options = null, ILogger? logger = null) =>
        Load(SamModelSource.FromFile(encoderPath), SamModelSource.FromFile(decoderPath), options, logger);

    /// <summary>Loads an encoder and a decoder from files or memory and detects their contract.</summary>
    /// <param name="encoder">The image encoder.</param>
    /// <param name="decoder">The prompt encoder and mask decoder.</param>
    /// <param name="options">Threads, provider and cache; defaults when null.</param>
    /// <param name="logger">Receives load, fallback and cache messages; none when null.</param>
    /// <exception cref="SamModelLoadException">A model is missing, not ONNX, or rejected by ONNX Runtime.</exception>
    /// <exception cref="SamExternalDataNotFoundException">A model's external data file is missing.</exception>
    /// <exception cref="SamModelContractException">The models do not follow a supported SAM contract or do not fit each other.</exception>
    /// <exception cref="SamExecutionProviderUnavailableException">CUDA was requested without fallback and is unavailable.</exception>
    public static OnnxSamSession Load(SamModelSource encoder, SamModelSource decoder, SamSessionOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        options ??= new SamSessionOptions();
        options.Validate();
        logger ??= NullLogger.Instance;
        var provider = ResolveProvider(options, logger);
        // Arena shrinkage names the CPU arena; a caller's ConfigureSessionOptions may have turned that arena off.
        // Both sessions' options are made here, in order, so a caller's ConfigureSessionOptions hook runs on this thread,
        // encoder then decoder, never twice at once. Arena shrinkage names the CPU arena; the hook may have turned it off.
        var encoderOrt = CreateOrtOptions(options, provider, SamModelRole.Encoder, encoder.Name);
        bool encoderHasCpuArena = encoderOrt.EnableCpuMemArena;
        SessionOptions decoderOrt;
        bool decoderHasCpuArena;
        try
        {
            decoderOrt = CreateOrtOptions(options, provider, SamModelRole.Decoder, decoder.Name);
            decoderHasCpuArena = decoderOrt.EnableCpuMemArena;
        }
        catch
        {
            encoderOrt.Dispose();
            throw;
        }

        // The decoder session is built beside the encoder's (ONNX Runtime's graph optimisation is mostly single-threaded):
        // with a small encoder such as MobileSAM's the two loads are of the same order.
        // The loader takes (and disposes) the options once it has scanned the model; a scan that fails leaves them here.
        var decoderLoad = Task.Run(() =>
        {
            bool taken = false;
            try
            {
                return SamModelLoader.Load(decoder, () => { taken = true; return decoderOrt; }, hash: false, logger);
            }
            finally
            {
                if (!taken)
                {
                    decoderOrt.Dispose();
                }
            }
        });
        InferenceSession encoderSession;
        string? modelHash;
        bool encoderTaken = false;
        try
        {
            (encoderSession, modelHash) = SamModelLoader.Load(encoder, () => { encoderTaken = true; return encoderOrt; }, hash: true, logger);
        }
        catch
        {
            if (!encoderTaken)
            {
                encoderOrt.Dispose();
            }

            // The encoder's error is the one reported; the decoder, if it loaded, is released.
            try
            {
                decoderLoad.GetAwaiter().GetResult().Session.Dispose();
            }
            catch (Exception) when (decoderLoad.IsFaulted)
            {
            }

            throw;
        }

        InferenceSession? decoderSession = null;
        try
        {
            (decoderSession, _) = decoderLoad.GetAwaiter().GetResult();
            var contract = SamContractDetector.Detect(
                encoder.Name, ModelTensor.From(encoderSession.InputMetadata), ModelTensor.From(encoderSession.OutputMetadata),
                decoder.Name, ModelTensor.From(decoderSession.InputMetadata), ModelTensor.From(decoderSession.OutputMetadata));
            var session = new OnnxSamSession(encoderSession, decoderSession, contract, modelHash!, provider, options, (encoderHasCpuArena, decoderHasCpuArena), decoder, logger);
            logger.LogInformation(
                "SAM session ready on {Provider}: encoder {Encoder} ({Layout}, input '{Input}', {Size} px), embedding [{Embedding}], decoder {Decoder}",
                provider, encoder.Name, contract.EncoderLayout, contract.EncoderInputName, contract.ImageSize, string.Join(", ", contract.EmbeddingShape), decoder.Name);
            return session;
        }
        catch
        {
            encoderSession.Dispose();
            decoderSession?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="SamInputException">The tensor size, chip size or content hash is invalid.</exception>
    public ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoderInput);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        try
        {
            ValidateEncoderInput(encoderInput);
        }
        catch (SamInputException e)
        {
            return ValueTask.FromException<SamEmbedding>(e);
        }

        return cache.GetOrCreateAsync(encoderInput, Encode, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Decoder calls run on the calling thread. Each gets <c>point_coords</c> and <c>point_labels</c>
    /// as given (mapped to SAM's 1024 frame only when the chip is not image-sized), <c>mask_input</c>
    /// zeros, <c>has_mask_input</c> 0 and <c>orig_im_size</c> = [chip height, chip width]. A decoder that
    /// returns several masks ([1, K, H, W]) is reduced to one by segment-anything's <c>select_masks</c> rule.
    /// A prompt with no decoder calls yields an empty mask.
    /// </remarks>
    /// <exception cref="SamInputException">The embedding, prompt or destination is invalid.</exception>
    /// <exception cref="SamInferenceException">The decoder failed or returned masks of the wrong size.</exception>
    public ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        DecodeIntoAsync(embedding, prompt, null, destination, cancellationToken);

    /// <summary>A decoder call longer than this keeps window decodes on the full masks (see <see cref="LowResolutionDecoder.Settle"/>); tests change it.</summary>
    internal TimeSpan LowResolutionHeavyCall { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Whether window decodes run the decoder's low-resolution copy (after the first call has checked it).</summary>
    internal bool DecodesWindowsAtLowResolution => lowResolution?.IsOn == true;

    /// <summary>
    /// Decodes one prompt group and keeps only <paramref name="window"/> of the chip: thresholding, the OR of several
    /// calls and the box cut touch only the window's pixels.
    /// </summary>
    /// <remarks>
    /// When the decoder also returns <c>low_res_masks</c> and its <c>masks</c> are SAM's upscale of them (checked on the
    /// first call: every pixel's sign agrees, up to near-zero logits), later calls run a copy of the decoder without the
    /// full-size <c>masks</c> and upscale only the window, with the same bilinear rule.
    /// </remarks>
    /// <exception cref="SamInputException">The embedding, prompt, window or destination is invalid.</exception>
    /// <exception cref="SamInferenceException">The decoder failed or returned masks of the wrong size.</exception>
    public ValueTask DecodeWindowAsync(SamEmbedding embedding, ChipPrompt prompt, PixelWindow window, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        DecodeIntoAsync(embedding, prompt, window, destination, cancellationToken);

    // Both prompt decode entry points: the whole chip (window null) or a window of it.
    private ValueTask DecodeIntoAsync(SamEmbedding embedding, ChipPrompt prompt, PixelWindow? window, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return DecodeEntry(embedding, cancellationToken, () =>
        {
            if (window is { } w && (w.IsEmpty || !w.IsInside(embedding.ChipWidth, embedding.ChipHeight)))
            {
                throw new SamInputException($"The mask window {w} is not inside chip '{embedding.ContentHash}' ({embedding.ChipHeight} x {embedding.ChipWidth}).");
            }

            Decode(embedding, prompt, window ?? new PixelWindow(0, 0, embedding.ChipWidth, embedding.ChipHeight), window is not null, destination.Span, cancellationToken);
        });
    }

    // Every decode entry point: argument and disposal checks at once, then the embedding check and the decoding on the
    // calling thread; input errors and cancellation come back as a faulted or cancelled task.
    private ValueTask DecodeEntry(SamEmbedding embedding, CancellationToken cancellationToken, Action decode)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        try
        {
            ValidateEmbedding(embedding);
            decode();
            return ValueTask.CompletedTask;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }
        catch (Exception e) when (e is SegmentS2Exception)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each prompt is the point (label 1) and the reference's padding point (0, 0) with label -1. A decoder with a dynamic
    /// prompt axis gets <paramref name="pointsPerBatch"/> prompts per call ([B, 2, 2] coordinates); any other decoder gets
    /// one call per point. The logits handed over are ONNX Runtime's output buffer: no copy, no threshold.
    /// </remarks>
    /// <exception cref="SamInputException">The embedding, points or batch size is invalid.</exception>
    /// <exception cref="SamInferenceException">The decoder failed or returned masks of the wrong shape.</exception>
    public ValueTask DecodePointsAsync(SamEmbedding embedding, ReadOnlyMemory<float> points, int pointsPerBatch, SamPointMaskHandler onMask, bool releaseMemoryAfter = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onMask);
        return DecodeEntry(embedding, cancellationToken, () =>
        {
            if (pointsPerBatch < 1)
            {
                throw new SamInputException($"pointsPerBatch = {pointsPerBatch}; at least 1 prompt per decoder call is needed.");
            }

            if (points.Length % 2 != 0 || !AllFinite(points.Span))
            {
                throw new SamInputException($"The point list holds {points.Length} values; it needs finite (x, y) pairs.");
            }

            DecodePoints(embedding, points.Span, contract.DecoderTakesPromptBatch ? pointsPerBatch : 1, onMask, releaseMemoryAfter && decoderHasCpuArena, cancellationToken);
        });
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private void DecodePoints(SamEmbedding embedding, ReadOnlySpan<float> points, int batch, SamPointMaskHandler onMask, bool release, CancellationToken cancellationToken)
    {
        int height = embedding.ChipHeight, width = embedding.ChipWidth, pixels = height * width;
        int count = points.Length / 2;
        var frame = new SamCoordinateFrame(height, width, contract.ImageSize);
        var coords = new float[batch * 4];
        var labels = new float[batch * 2];
        using var chipInputs = new DecoderChipInputs(this, embedding);
        using var runOptions = new RunOptions();
        using var cancellation = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        Span<float> mapped = stackalloc float[2];
        for (int first = 0, call = 0; first < count; first += batch, call++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(batch, count - first);
            if (release && first + n == count)
            {
                // The last call frees the arena's regions no tensor uses once it ends, as the encoder's last chip does.
                ShrinkArenaAfterRun(runOptions);
            }
            for (int i = 0; i < n; i++)
            {
                // [point, padding point]: the reference's prompt for one point without a box.
                frame.Map(points.Slice(2 * (first + i), 2), mapped);
                coords[4 * i] = mapped[0];
                coords[4 * i + 1] = mapped[1];
                coords[4 * i + 2] = 0f;
                coords[4 * i + 3] = 0f;
                labels[2 * i] = 1f;
                labels[2 * i + 1] = -1f;
            }

            using var coordsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, coords.AsMemory(0, 4 * n), [n, 2, 2]);
            using var labelsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, labels.AsMemory(0, 2 * n), [n, 2]);
            var inputs = chipInputs.With(coordsValue, labelsValue);
            using var outputs = RunDecoder(decoder, DecoderOutputs, runOptions, inputs, embedding.ContentHash, call, cancellationToken);
            Interlocked.Increment(ref decoderRuns);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            var scores = outputs[1].GetTensorDataAsSpan<float>();
            if (shape.Length != 4 || shape[0] != n || shape[1] < 1 || shape[2] != height || shape[3] != width || scores.Length != n * shape[1])
            {
                throw new SamInferenceException($"The decoder returned masks [{string.Join(", ", shape)}] and {scores.Length} scores for {n} prompts on chip '{embedding.ContentHash}'; expected [{n}, K, {height}, {width}] and {n} x K scores.");
            }

            int k = (int)shape[1];
            var logits = outputs[0].GetTensorDataAsSpan<float>();
            for (int i = 0; i < n; i++)
            {
                // A multi-mask decoder is reduced to one mask per prompt by segment-anything's rule (2 points per prompt).
                int selected = k == 1 ? 0 : SamMaskComposer.SelectMask(scores.Slice(i * k, k), 2);
                onMask(first + i, scores[i * k + selected], logits.Slice((i * k + selected) * pixels, pixels));
            }
        }
    }

    /// <summary>Releases both ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            encoder.Dispose();
            decoder.Dispose();
            lowResolution?.Dispose();
        }
    }

    private static SamExecutionProvider ResolveProvider(SamSessionOptions options, ILogger logger)
    {
        if (options.ExecutionProvider == SamExecutionProvider.Cpu)
        {
            return SamExecutionProvider.Cpu;
        }

        try
        {
            using var probe = new SessionOptions();
            probe.AppendExecutionProvider_CUDA(options.CudaDeviceId);
            return SamExecutionProvider.Cuda;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            if (!options.FallBackToCpu)
            {
                throw new SamExecutionProviderUnavailableException(options.ExecutionProvider, e);
            }

            logger.LogWarning("The {Provider} execution provider is not available ({Reason}); running SAM on the CPU", options.ExecutionProvider, e.Message);
            return SamExecutionProvider.Cpu;
        }
    }

    private static SessionOptions CreateOrtOptions(SamSessionOptions options, SamExecutionProvider provider, SamModelRole role, string modelName)
    {
        var ort = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpNumThreads,
            InterOpNumThreads = options.InterOpNumThreads,
            GraphOptimizationLevel = options.GraphOptimizationLevel,
            ExecutionMode = options.InterOpNumThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (provider == SamExecutionProvider.Cuda)
        {
            ort.AppendExecutionProvider_CUDA(options.CudaDeviceId);
        }

        if (options.ConfigureSessionOptions is { } configure)
        {
            try
            {
                configure(role, ort);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                ort.Dispose();
                throw new SamModelLoadException(modelName, $"{nameof(SamSessionOptions.ConfigureSessionOptions)} failed for the {role.ToString().ToLowerInvariant()} '{modelName}': {e.Message}", e);
            }
            catch
            {
                ort.Dispose();
                throw;
            }
        }

        return ort;
    }

    private void ValidateEncoderInput(SamEncoderInput input)
    {
        var expected = 3L * contract.ImageSize * contract.ImageSize;
        if (input.Tensor.Length != expected)
        {
            var layout = contract.EncoderLayout == SamEncoderLayout.NchwNormalized ? "[1, 3, S, S]" : "[S, S, 3]";
            throw new SamInputException($"The encoder tensor of chip '{input.ContentHash}' has {input.Tensor.Length} values; the encoder takes {layout} with S = {contract.ImageSize}, {expected} values.");
        }

        ValidateChipSize(input.Height, input.Width, $"chip '{input.ContentHash}'");
        var hash = input.ContentHash;
        if (string.IsNullOrEmpty(hash) || hash.Length > MaxContentHashLength || !hash.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new SamInputException($"Content hash '{hash}' must be 1 to {MaxContentHashLength} letters, digits, '-' or '_' (it names cache files).");
        }
    }

    private static void ValidateChipSize(int height, int width, string what)
    {
        if (height is < 1 or > MaxChipSize || width is < 1 or > MaxChipSize)
        {
            throw new SamInputException($"The size {height} x {width} of {what} must be between 1 and {MaxChipSize} pixels per side.");
        }
    }

    private SamEmbedding Encode(SamEncoderInput input)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var data = new float[embeddingLength];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(input.Tensor), encoderInputShape);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data.AsMemory(), embeddingShape);
        using var runOptions = new RunOptions();
        bool release = input.ReleaseMemoryAfterEncode && encoderHasCpuArena;
        if (release)
        {
            // Frees the arena's regions that no tensor uses once the run ends, so the ~2 GB of ViT activations do not
            // sit under the decoding and writing that follow the last chip.
            ShrinkArenaAfterRun(runOptions);
        }

        long started = Stopwatch.GetTimestamp();
        try
        {
            encoder.Run(runOptions, [contract.EncoderInputName], [inputValue], EncoderOutputs, [outputValue]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new SamInferenceException($"The encoder failed on chip '{input.ContentHash}' (expected image_embeddings [{string.Join(", ", embeddingShape)}]): {e.Message}", e);
        }
        finally
        {
            Interlocked.Add(ref encoderRunTicks, Stopwatch.GetTimestamp() - started);
        }

        Interlocked.Increment(ref encoderRuns);
        if (release)
        {
            logger.LogDebug("Encoder arena shrunk after chip {Chip}: its working memory is back with the system", input.ContentHash);
        }

        return new SamEmbedding(data, Model.EmbeddingShape, input.ContentHash, input.Height, input.Width, Model.ModelHash);
    }

    // Decodes into the window of the chip (the whole chip for DecodeAsync); destination is the window's size.
    private void Decode(SamEmbedding embedding, ChipPrompt prompt, PixelWindow window, bool lowResolutionAllowed, Span<byte> destination, CancellationToken cancellationToken)
    {
        var height = embedding.ChipHeight;
        var width = embedding.ChipWidth;
        if (destination.Length != window.PixelCount)
        {
            throw new SamInputException($"The mask destination holds {destination.Length} bytes; the {window} window of chip '{embedding.ContentHash}' ({height} x {width}) is {window.PixelCount} pixels.");
        }

        ValidatePrompt(prompt);
        destination.Clear();
        if (prompt.Calls.Count == 0)
        {
            return;
        }

        var frame = new SamCoordinateFrame(height, width, contract.ImageSize);
        using var chipInputs = new DecoderChipInputs(this, embedding);
        using var runOptions = new RunOptions();
        using var cancellation = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        for (var c = 0; c < prompt.Calls.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var call = prompt.Calls[c];
            var pointCount = call.PointCount;
            float[]? mapped = null;
            try
            {
                Memory<float> coords = call.PointCoords;
                if (!frame.IsIdentity)
                {
                    mapped = ArrayPool<float>.Shared.Rent(call.PointCoords.Length);
                    coords = mapped.AsMemory(0, call.PointCoords.Length);
                    frame.Map(call.PointCoords, coords.Span);
                }

                using var coordsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, coords, [1, pointCount, 2]);
                using var labelsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, call.PointLabels.AsMemory(), [1, pointCount]);
                var inputs = chipInputs.With(coordsValue, labelsValue);
                var path = lowResolutionAllowed && lowResolution is { } low ? low.Path() : LowResolutionPath.Off;
                if (path == LowResolutionPath.On)
                {
                    using var lowOutputs = RunDecoder(lowResolution!.Session!, LowResolutionOutputs, runOptions, inputs, embedding.ContentHash, c, cancellationToken);
                    Interlocked.Increment(ref decoderRuns);
                    AccumulateLowResolutionMask(lowOutputs[1], lowOutputs[0], pointCount, contract.ImageSize, height, width, window, destination, embedding.ContentHash);
                    continue;
                }

                if (path == LowResolutionPath.Check)
                {
                    // The first window decode: ONNX Runtime's masks as ever, and whether the low-resolution path would agree.
                    // Its arena is given back afterwards, in case window decodes move to the pruned copy (an arena of its own).
                    if (decoderHasCpuArena)
                    {
                        ShrinkArenaAfterRun(runOptions);
                    }

                    try
                    {
                        long started = Stopwatch.GetTimestamp();
                        using var checkedOutputs = RunDecoder(decoder, CheckedDecoderOutputs, runOptions, inputs, embedding.ContentHash, c, cancellationToken);
                        var took = Stopwatch.GetElapsedTime(started);
                        Interlocked.Increment(ref decoderRuns);
                        AccumulateMask(checkedOutputs[0], checkedOutputs[1], pointCount, height, width, window, destination, embedding.ContentHash);
                        lowResolution!.Settle(checkedOutputs[0], checkedOutputs[1], checkedOutputs[2], pointCount, contract.ImageSize, took, LowResolutionHeavyCall);
                    }
                    finally
                    {
                        lowResolution!.ReleaseCheck();
                    }

                    continue;
                }

                using var outputs = RunDecoder(decoder, DecoderOutputs, runOptions, inputs, embedding.ContentHash, c, cancellationToken);
                Interlocked.Increment(ref decoderRuns);
                AccumulateMask(outputs[0], outputs[1], pointCount, height, width, window, destination, embedding.ContentHash);
            }
            finally
            {
                if (mapped is not null)
                {
                    ArrayPool<float>.Shared.Return(mapped);
                }
            }
        }

        if (prompt.BoxInChip is { } box)
        {
            SamMaskComposer.CutToBox(destination, height, width, box, window);
        }
    }

    // Frees the CPU arena's regions that no tensor uses once this run ends.
    private static void ShrinkArenaAfterRun(RunOptions runOptions) => runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");

    private IDisposableReadOnlyCollection<OrtValue> RunDecoder(InferenceSession session, string[] outputNames, RunOptions runOptions, Dictionary<string, OrtValue> inputs, string chip, int call,
        CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            return session.Run(runOptions, inputs, outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw new SamInferenceException($"The decoder failed on chip '{chip}', decoder call {call}: {e.Message}", e);
        }
        finally
        {
            Interlocked.Add(ref decoderRunTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    private static void AccumulateMask(OrtValue masks, OrtValue iou, int pointCount, int height, int width, PixelWindow window, Span<byte> destination, string chip)
    {
        var shape = masks.GetTensorTypeAndShape().Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] < 1 || shape[2] != height || shape[3] != width)
        {
            throw new SamInferenceException($"The decoder returned masks [{string.Join(", ", shape)}] for chip '{chip}'; expected [1, K, {height}, {width}] (orig_im_size).");
        }

        var selected = SelectedMask(shape, iou, pointCount, chip);
        var pixels = height * width;
        var logits = masks.GetTensorDataAsSpan<float>().Slice(selected * pixels, pixels);
        if (window.Width == width)
        {
            SamMaskComposer.OrThresholded(logits.Slice(window.Row * width, window.Height * width), destination);
            return;
        }

        for (var r = 0; r < window.Height; r++)
        {
            SamMaskComposer.OrThresholded(logits.Slice((window.Row + r) * width + window.Col, window.Width), destination.Slice(r * window.Width, window.Width));
        }
    }

    // Which of the K masks of a [1, K, ...] output the export's single-mask rule keeps, after checking there is a score per mask.
    private static int SelectedMask(long[] shape, OrtValue iou, int pointCount, string chip)
    {
        var scores = iou.GetTensorDataAsSpan<float>();
        var count = (int)shape[1];
        if (count > 1 && scores.Length != count)
        {
            throw new SamInferenceException($"The decoder returned {count} masks but {scores.Length} IoU predictions for chip '{chip}'.");
        }

        return count == 1 ? 0 : SamMaskComposer.SelectMask(scores, pointCount);
    }

    private static void AccumulateLowResolutionMask(OrtValue lowRes, OrtValue iou, int pointCount, int imageSize, int height, int width, PixelWindow window, Span<byte> destination, string chip)
    {
        var shape = lowRes.GetTensorTypeAndShape().Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] < 1 || shape[2] != shape[3] || shape[2] < 3)
        {
            throw new SamInferenceException($"The decoder returned low_res_masks [{string.Join(", ", shape)}] for chip '{chip}'; expected [1, K, L, L].");
        }

        var size = (int)shape[2];
        var selected = SelectedMask(shape, iou, pointCount, chip);
        var logits = lowRes.GetTensorDataAsSpan<float>().Slice(selected * size * size, size * size);
        SamMaskUpscaler.OrThresholded(logits, size, imageSize, height, width, window, destination);
    }

    private void ValidateEmbedding(SamEmbedding embedding)
    {
        if (!string.Equals(embedding.ModelHash, Model.ModelHash, StringComparison.Ordinal))
        {
            throw new SamInputException($"The embedding of chip '{embedding.ContentHash}' comes from encoder '{embedding.ModelHash}', not this session's encoder '{Model.ModelHash}'.");
        }

        if (embedding.Data.Length != embeddingLength || !embedding.Shape.SequenceEqual(contract.EmbeddingShape))
        {
            throw new SamInputException($"The embedding of chip '{embedding.ContentHash}' has shape [{string.Join(", ", embedding.Shape)}] and {embedding.Data.Length} values; the decoder takes [{string.Join(", ", contract.EmbeddingShape)}].");
        }

        ValidateChipSize(embedding.ChipHeight, embedding.ChipWidth, $"chip '{embedding.ContentHash}'");
    }

    private static void ValidatePrompt(ChipPrompt prompt)
    {
        if (prompt.Calls is null)
        {
            throw new SamInputException($"The prompt of group '{prompt.Group?.OriginalId}' has no decoder call list.");
        }

        var group = prompt.Group?.OriginalId;
        for (var c = 0; c < prompt.Calls.Count; c++)
        {
            var call = prompt.Calls[c] ?? throw new SamInputException($"Decoder call {c} of group '{group}' is null.");
            if (call.PointCoords is null || call.PointLabels is null)
            {
                throw new SamInputException($"Decoder call {c} of group '{group}' lacks point coordinates or labels.");
            }

            var n = call.PointLabels.Length;
            if (n is < 1 or > MaxPointsPerCall || call.PointCoords.Length != 2 * n)
            {
                throw new SamInputException($"Decoder call {c} of group '{group}' has {call.PointCoords.Length} coordinates for {n} labels; it needs 2 per label and 1 to {MaxPointsPerCall} points.");
            }

            for (var i = 0; i < call.PointCoords.Length; i++)
            {
                if (!float.IsFinite(call.PointCoords[i]))
                {
                    throw new SamInputException($"Decoder call {c} of group '{group}': point {i / 2} has {(i % 2 == 0 ? "x" : "y")} = {call.PointCoords[i]}; coordinates must be finite.");
                }
            }

            foreach (var label in call.PointLabels)
            {
                if (label is not (-1f or 0f or 1f or 2f or 3f))
                {
                    throw new SamInputException($"Decoder call {c} of group '{group}' has label {label}; labels are 1, 0, 2, 3 or -1.");
                }
            }
        }

        if (prompt.BoxInChip is { } box && !(double.IsFinite(box.XMin) && double.IsFinite(box.YMin) && double.IsFinite(box.XMax) && double.IsFinite(box.YMax)))
        {
            throw new SamInputException($"The box of group '{group}' is ({box.XMin}, {box.YMin}, {box.XMax}, {box.YMax}); its corners must be finite.");
        }
    }

    // The decoder inputs that stay the same for every call on one chip (embedding, empty mask input, its flag, the chip's
    // size), created once per decode and shared by its calls.
    private sealed class DecoderChipInputs : IDisposable
    {
        private readonly OrtValue _embedding;
        private readonly OrtValue _maskInput;
        private readonly OrtValue _hasMask;
        private readonly OrtValue _origImSize;

        public DecoderChipInputs(OnnxSamSession session, SamEmbedding embedding)
        {
            _embedding = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(embedding.Data), session.embeddingShape);
            _maskInput = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, session.emptyMaskInput.AsMemory(), session.maskInputShape);
            _hasMask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, NoMask.AsMemory(), [1]);
            _origImSize = OrtValue.CreateTensorValueFromMemory(new float[] { embedding.ChipHeight, embedding.ChipWidth }, [2]);
        }

        // One call's inputs: these and the call's points.
        public Dictionary<string, OrtValue> With(OrtValue coords, OrtValue labels) => new(6, StringComparer.Ordinal)
        {
            [ImageEmbeddings] = _embedding,
            [PointCoords] = coords,
            [PointLabels] = labels,
            [MaskInput] = _maskInput,
            [HasMaskInput] = _hasMask,
            [OrigImSize] = _origImSize,
        };

        public void Dispose()
        {
            _embedding.Dispose();
            _maskInput.Dispose();
            _hasMask.Dispose();
            _origImSize.Dispose();
        }
    }
}

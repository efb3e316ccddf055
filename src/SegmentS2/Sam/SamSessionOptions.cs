using Microsoft.ML.OnnxRuntime;

namespace SegmentS2.Sam;

/// <summary>How an <see cref="OnnxSamSession"/> runs its models and caches embeddings.</summary>
public sealed class SamSessionOptions
{
    /// <summary>Default in-memory embedding cache budget: 256 MiB, 64 SAM embeddings of 4 MiB.</summary>
    public const long DefaultEmbeddingCacheBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Threads one model run may use. Defaults to <see cref="DefaultIntraOpNumThreads"/>, every core this
    /// process may run on; 0 explicitly leaves the choice to ONNX Runtime, which may pick fewer
    /// (ONNX Runtime 1.2x picks one thread on a 2-vCPU machine).
    /// </summary>
    public int IntraOpNumThreads { get; set; } = DefaultIntraOpNumThreads;

    /// <summary>
    /// The cores this process may use: <see cref="Environment.ProcessorCount"/>, which on Linux honours
    /// the CPU affinity mask (taskset, cpusets) and a cgroup CPU quota (containers' <c>--cpus</c>,
    /// rounded up), and on Windows the process affinity and job object limits.
    /// </summary>
    public static int DefaultIntraOpNumThreads => Environment.ProcessorCount;

    /// <summary>Threads for running independent graph branches in parallel; 0 lets ONNX Runtime choose.</summary>
    public int InterOpNumThreads { get; set; }

    /// <summary>Graph optimisations ONNX Runtime applies when loading; all of them by default.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Where the models run; the CPU by default.</summary>
    public SamExecutionProvider ExecutionProvider { get; set; } = SamExecutionProvider.Cpu;

    /// <summary>The GPU to use when <see cref="ExecutionProvider"/> is <see cref="SamExecutionProvider.Cuda"/>.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>
    /// When the requested provider is not available: true (default) logs a warning and runs on the
    /// CPU; false throws <see cref="SamExecutionProviderUnavailableException"/>.
    /// </summary>
    public bool FallBackToCpu { get; set; } = true;

    /// <summary>
    /// Bytes of embeddings kept in memory, least recently used evicted first; 0 keeps none
    /// (concurrent requests for one chip still share one encoder run).
    /// </summary>
    public long EmbeddingCacheBytes { get; set; } = DefaultEmbeddingCacheBytes;

    /// <summary>
    /// Optional directory for an on-disk embedding cache keyed by (encoder model hash, chip content
    /// hash), so that later sessions and processes reuse embeddings. Null disables it.
    /// </summary>
    public string? EmbeddingCacheDirectory { get; set; }

    /// <summary>
    /// Called for each model's ONNX Runtime <see cref="SessionOptions"/> after SegmentS2 has set its own
    /// (threads, optimisation level, CUDA when <see cref="ExecutionProvider"/> asks for it) and before the
    /// model loads: add execution providers (CUDA, TensorRT, OpenVINO, DirectML, ...), change arenas,
    /// enable profiling, add session config entries. What it sets wins. Providers added here are not
    /// reflected in <see cref="OnnxSamSession.ExecutionProvider"/>, which reports only SegmentS2's own
    /// choice. An <see cref="OnnxRuntimeException"/> it throws (a provider that is not in the loaded
    /// ONNX Runtime build) becomes a <see cref="SamModelLoadException"/> naming the model.
    /// </summary>
    public Action<SamModelRole, SessionOptions>? ConfigureSessionOptions { get; set; }

    /// <summary>Checks the values; throws <see cref="SamInputException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>Every value out of range, in declaration order.</summary>
    internal IEnumerable<SamInputException> Problems()
    {
        if (IntraOpNumThreads < 0)
        {
            yield return new SamInputException($"{nameof(IntraOpNumThreads)} must be 0 (automatic) or positive; got {IntraOpNumThreads}.");
        }

        if (InterOpNumThreads < 0)
        {
            yield return new SamInputException($"{nameof(InterOpNumThreads)} must be 0 (automatic) or positive; got {InterOpNumThreads}.");
        }

        if (!Enum.IsDefined(GraphOptimizationLevel))
        {
            yield return new SamInputException($"{nameof(GraphOptimizationLevel)} {(int)GraphOptimizationLevel} is not a known level.");
        }

        if (!Enum.IsDefined(ExecutionProvider))
        {
            yield return new SamInputException($"{nameof(ExecutionProvider)} {(int)ExecutionProvider} is not a known provider.");
        }

        if (CudaDeviceId < 0)
        {
            yield return new SamInputException($"{nameof(CudaDeviceId)} must not be negative; got {CudaDeviceId}.");
        }

        if (EmbeddingCacheBytes < 0)
        {
            yield return new SamInputException($"{nameof(EmbeddingCacheBytes)} must not be negative; got {EmbeddingCacheBytes}.");
        }

        if (EmbeddingCacheDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            yield return new SamInputException($"{nameof(EmbeddingCacheDirectory)} must be null or a directory path; got '{directory}'.");
        }
    }
}

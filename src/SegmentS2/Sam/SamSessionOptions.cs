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

    /// <summary>Checks the values; throws <see cref="InvalidOptionException"/> naming the first bad one.</summary>
    /// <exception cref="InvalidOptionException">A value is out of range (the first one).</exception>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>Every value out of range, in declaration order.</summary>
    internal IEnumerable<InvalidOptionException> Problems()
    {
        if (IntraOpNumThreads < 0)
        {
            yield return new InvalidOptionException(nameof(IntraOpNumThreads), IntraOpNumThreads, "0 (automatic) or positive");
        }

        if (InterOpNumThreads < 0)
        {
            yield return new InvalidOptionException(nameof(InterOpNumThreads), InterOpNumThreads, "0 (automatic) or positive");
        }

        if (!Enum.IsDefined(GraphOptimizationLevel))
        {
            yield return new InvalidOptionException(nameof(GraphOptimizationLevel), GraphOptimizationLevel,
                "a known level (" + string.Join(", ", Enum.GetNames<GraphOptimizationLevel>()) + ")");
        }

        if (!Enum.IsDefined(ExecutionProvider))
        {
            yield return new InvalidOptionException(nameof(ExecutionProvider), ExecutionProvider,
                "a known provider (" + string.Join(", ", Enum.GetNames<SamExecutionProvider>()) + ")");
        }

        if (CudaDeviceId < 0)
        {
            yield return new InvalidOptionException(nameof(CudaDeviceId), CudaDeviceId, "zero or more");
        }

        if (EmbeddingCacheBytes < 0)
        {
            yield return new InvalidOptionException(nameof(EmbeddingCacheBytes), EmbeddingCacheBytes, "zero or more bytes");
        }

        if (EmbeddingCacheDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            yield return new InvalidOptionException(nameof(EmbeddingCacheDirectory), directory, "null or a directory path");
        }
    }
}

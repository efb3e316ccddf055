using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using SegmentS2.Sam;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.RealSam;

/// <summary>
/// SAM's real graph (vit_b unless <c>SEGMENTS2_REAL_SAM_MODEL_TYPE</c> names another type; random weights, <see cref="RealSamModels"/>): the library's encoder call per chip against
/// ONNX Runtime's bare <c>InferenceSession.Run</c> on the same tensor with the same thread count, and one field end to end
/// (sessions loaded once in setup; local scene, read, preprocess, encode, decode of three prompt groups, every output).
/// The embedding cache is off, so every call encodes. Peak resident memory and the cost including the model load
/// come from <c>-- real-sam-ratio</c> (<see cref="RealSamRatio"/>), which needs fresh processes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RealSamBenchmarks
{
    private string _root = "";
    private InferenceSession _bare = null!;
    private OrtValue _bareInput = null!;
    private OrtValue _bareOutput = null!;
    private float[] _tensor = [];
    private ServiceProvider _services = null!;
    private ISamSession _sam = null!;
    private SegmentS2Workflow _workflow = null!;
    private ServiceProvider _releasingServices = null!;
    private SegmentS2Workflow _releasingWorkflow = null!;
    private RealSamField _field = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var (_, encoder, decoder) = RealSamModels.Locate();
        _root = Directory.CreateTempSubdirectory("segment-s2-bench-real-sam-").FullName;
        _field = await RealSamField.CreateAsync(Path.Combine(_root, "scene"));
        _tensor = new float[3 * 1024 * 1024];
        var random = new Random(1);
        for (int i = 0; i < _tensor.Length; i++)
        {
            _tensor[i] = (float)(random.NextDouble() * 4 - 2);
        }

        using (var options = new SessionOptions { IntraOpNumThreads = SamSessionOptions.DefaultIntraOpNumThreads })
        {
            _bare = new InferenceSession(encoder, options);
        }

        _bareInput = OrtValue.CreateTensorValueFromMemory(_tensor, [1, 3, 1024, 1024]);
        _bareOutput = OrtValue.CreateTensorValueFromMemory(new float[256 * 64 * 64], [1, 256, 64, 64]);

        // Back to back on one session as a service runs them: the encoder's arena stays warm between runs.
        _services = Services(encoder, decoder, release: false);
        _sam = _services.GetRequiredService<ISamSession>();
        _workflow = _services.GetRequiredService<SegmentS2Workflow>();
        // The default: each run's last chip gives the arena back, so every run regrows it.
        _releasingServices = Services(encoder, decoder, release: true);
        _releasingWorkflow = _releasingServices.GetRequiredService<SegmentS2Workflow>();
    }

    private ServiceProvider Services(string encoder, string decoder, bool release)
    {
        var services = new ServiceCollection();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [_field.ItemPath];
            o.EncoderPath = encoder;
            o.DecoderPath = decoder;
            o.OutputDirectory = Path.Combine(_root, release ? "out-release" : "out");
            o.Sam.EmbeddingCacheBytes = 0;
            o.ReleaseEncoderMemoryAfterRun = release;
        });
        return services.BuildServiceProvider();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _bareInput.Dispose();
        _bareOutput.Dispose();
        _bare.Dispose();
        await _services.DisposeAsync();
        await _releasingServices.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "ORT InferenceSession.Run, encoder, one chip")]
    public void BareEncoderRun()
    {
        using var runOptions = new RunOptions();
        _bare.Run(runOptions, ["x"], [_bareInput], ["image_embeddings"], [_bareOutput]);
    }

    [Benchmark(Description = "OnnxSamSession.GetEmbeddingAsync, one chip")]
    public async Task<SamEmbedding> LibraryEncodeAsync() =>
        await _sam.GetEmbeddingAsync(new SamEncoderInput(_tensor, 1024, 1024, "bench"));

    [Benchmark(Description = "segment-s2 run, one field end to end (models loaded, arena kept)")]
    public Task<SegmentS2Result> OneFieldAsync() => _workflow.RunAsync(_field.Request);

    [Benchmark(Description = "segment-s2 run, one field end to end (models loaded, arena released: the default)")]
    public Task<SegmentS2Result> OneFieldReleasingAsync() => _releasingWorkflow.RunAsync(_field.Request);
}

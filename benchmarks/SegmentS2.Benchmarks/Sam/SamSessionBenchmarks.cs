using BenchmarkDotNet.Attributes;
using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Sam.Decoding;
using SegmentS2.Testing.Models;

namespace SegmentS2.Benchmarks.Sam;

/// <summary>
/// Costs the SAM session adds around the models, measured with the SAM-contract models (their own
/// arithmetic is trivial, so the numbers are the session's overhead, not SAM's inference time).
/// </summary>
[MemoryDiagnoser]
public class SamSessionBenchmarks
{
    private const int Size = 1024;
    private readonly float[] logits = new float[Size * Size];
    private readonly byte[] mask = new byte[Size * Size];
    private string directory = null!;
    private OnnxSamSession memorySession = null!;
    private OnnxSamSession diskSession = null!;
    private SamEncoderInput input = null!;
    private SamEmbedding embedding = null!;
    private ChipPrompt prompt = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)(random.NextDouble() * 2 - 1);
        }

        directory = Path.Combine(Path.GetTempPath(), "segment-s2-bench-" + Guid.NewGuid().ToString("N"));
        var (encoder, decoder) = SamContractModelBuilder.WriteDemoModels(directory);
        memorySession = OnnxSamSession.Load(encoder, decoder);
        diskSession = OnnxSamSession.Load(encoder, decoder, new SamSessionOptions
        {
            EmbeddingCacheBytes = 0,
            EmbeddingCacheDirectory = Path.Combine(directory, "cache"),
        });
        var tensor = new float[3 * Size * Size];
        for (var i = 0; i < tensor.Length; i++)
        {
            tensor[i] = (float)(random.NextDouble() * 4 - 2);
        }

        input = new SamEncoderInput(tensor, Size, Size, "bench-chip");
        embedding = memorySession.GetEmbeddingAsync(input).AsTask().GetAwaiter().GetResult();
        diskSession.GetEmbeddingAsync(input).AsTask().GetAwaiter().GetResult();
        prompt = new ChipPrompt(new PromptGroup(0, "1", [], null), [new DecoderCall([512.5f, 512.5f, 0f, 0f], [1f, -1f])], null);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        memorySession.Dispose();
        diskSession.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "threshold+OR 1024x1024, scalar loop")]
    public void ThresholdScalar()
    {
        for (var i = 0; i < logits.Length; i++)
        {
            if (logits[i] > 0f)
            {
                mask[i] = 1;
            }
        }
    }

    [Benchmark(Description = "threshold+OR 1024x1024, Vector256")]
    public void ThresholdVectorised() => SamMaskComposer.OrThresholded(logits, mask);

    [Benchmark(Description = "GetEmbeddingAsync, memory hit")]
    public SamEmbedding MemoryHit() => memorySession.GetEmbeddingAsync(input).AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "GetEmbeddingAsync, disk hit (4 MiB, checksum)")]
    public SamEmbedding DiskHit() => diskSession.GetEmbeddingAsync(input).AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "DecodeAsync, 1 call, contract decoder")]
    public void Decode() => memorySession.DecodeAsync(embedding, prompt, mask).AsTask().GetAwaiter().GetResult();
}

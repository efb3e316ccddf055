using SegmentS2.Sam;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

/// <summary>
/// <see cref="SamEncoderInput.ReleaseMemoryAfterEncode"/> asks ONNX Runtime to shrink the encoder's CPU arena after the
/// run: the embedding must not change, later runs must still work, and a session whose arena the caller turned off
/// must not fail on the hint. The memory it gives back is measured by the real-SAM ratio benchmark (benchmarks/README.md).
/// </summary>
public sealed class EncoderMemoryReleaseTests(SamContractModels models) : IClassFixture<SamContractModels>
{
    [Fact]
    public async Task Releasing_the_arena_after_a_run_leaves_every_embedding_unchanged()
    {
        var options = new SamSessionOptions { EmbeddingCacheBytes = 0 };
        using var kept = models.Open(options);
        using var released = models.Open(options);
        for (int seed = 1; seed <= 3; seed++)
        {
            var expected = await kept.GetEmbeddingAsync(NchwInput(seed, $"keep-{seed}"));
            // Release after the first and third runs: the second runs on a shrunk arena, the third shrinks it again.
            var actual = await released.GetEmbeddingAsync(NchwInput(seed, $"release-{seed}") with { ReleaseMemoryAfterEncode = seed != 2 });
            Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        }

        Assert.Equal(3, released.EncoderRuns);
    }

    [Fact]
    public async Task The_hint_is_ignored_when_the_caller_turned_the_cpu_arena_off()
    {
        using var withArena = models.Open(new SamSessionOptions { EmbeddingCacheBytes = 0 });
        using var noArena = models.Open(new SamSessionOptions
        {
            EmbeddingCacheBytes = 0,
            ConfigureSessionOptions = (_, ort) => ort.EnableCpuMemArena = false,
        });

        var expected = await withArena.GetEmbeddingAsync(NchwInput(5, "arena"));
        var actual = await noArena.GetEmbeddingAsync(NchwInput(5, "no-arena") with { ReleaseMemoryAfterEncode = true });

        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        Assert.Equal(1, noArena.EncoderRuns);
    }
}

using Microsoft.Extensions.Logging;
using SegmentS2.Sam;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

public sealed class OnnxSamSessionCacheTests : IClassFixture<SamContractModels>
{
    private const long EmbeddingBytes = 256 * 64 * 64 * sizeof(float);

    private readonly SamContractModels models;

    public OnnxSamSessionCacheTests(SamContractModels models) => this.models = models;

    [Fact]
    public async Task Re_prompting_the_same_chip_runs_the_encoder_zero_more_times()
    {
        using var session = models.Open();
        var input = NchwInput(51, "scene-chip-0-0");
        var mask = new byte[Size * Size];

        var first = await session.GetEmbeddingAsync(input);
        await session.DecodeAsync(first, Prompt(Call((100.5f, 100.5f, 1), (0, 0, -1))), mask);
        Assert.Equal(1, session.EncoderRuns);

        for (var i = 0; i < 5; i++)
        {
            var again = await session.GetEmbeddingAsync(NchwInput(51, "scene-chip-0-0"));
            Assert.Same(first, again);
            await session.DecodeAsync(again, Prompt(Call((200.5f + i * 100, 300.5f, 1), (0, 0, -1))), mask);
            Assert.Equal(Disc(Size, Size, 200.5 + i * 100, 300.5, 40), mask);
        }

        Assert.Equal(1, session.EncoderRuns);
        Assert.Equal(6, session.DecoderRuns);
    }

    [Fact]
    public async Task The_disk_cache_lets_a_new_session_skip_the_encoder()
    {
        var directory = models.NewDirectory("disk-cache");
        var input = NchwInput(52, "chip-52");
        float[] original;
        string modelHash;
        using (var writer = models.Open(new SamSessionOptions { EmbeddingCacheDirectory = directory }))
        {
            original = (await writer.GetEmbeddingAsync(input)).Data.ToArray();
            modelHash = writer.Model.ModelHash;
            Assert.Equal(1, writer.EncoderRuns);
        }

        Assert.Equal([Path.Combine(directory, $"{modelHash}-chip-52.s2emb")], Directory.GetFiles(directory));

        using var reader = models.Open(new SamSessionOptions { EmbeddingCacheDirectory = directory });
        var cached = await reader.GetEmbeddingAsync(input);
        var mask = new byte[Size * Size];
        await reader.DecodeAsync(cached, Prompt(Call((612.5f, 412.5f, 1), (0, 0, -1))), mask);

        Assert.Equal(0, reader.EncoderRuns);
        Assert.Equal(original, cached.Data.ToArray());
        Assert.Equal((Size, Size), (cached.ChipHeight, cached.ChipWidth));
        Assert.Equal(Disc(Size, Size, 612.5, 412.5, 40), mask);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public async Task A_corrupt_cache_file_is_ignored_recomputed_and_replaced(string damage)
    {
        var directory = models.NewDirectory("corrupt-cache");
        var input = NchwInput(53, "chip-53");
        string file;
        float[] original;
        using (var writer = models.Open(new SamSessionOptions { EmbeddingCacheDirectory = directory }))
        {
            original = (await writer.GetEmbeddingAsync(input)).Data.ToArray();
            file = Path.Combine(directory, $"{writer.Model.ModelHash}-chip-53.s2emb");
        }

        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "flip":
                bytes[bytes.Length / 2] ^= 0x40;
                File.WriteAllBytes(file, bytes);
                break;
            case "truncate":
                File.WriteAllBytes(file, bytes[..^100]);
                break;
            default:
                File.WriteAllBytes(file, new byte[bytes.Length]);
                break;
        }

        var logger = new ListLogger();
        using (var repairing = models.Open(new SamSessionOptions { EmbeddingCacheDirectory = directory }, logger))
        {
            var recomputed = await repairing.GetEmbeddingAsync(input);
            Assert.Equal(1, repairing.EncoderRuns);
            Assert.Equal(original, recomputed.Data.ToArray());
            Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(file, StringComparison.Ordinal));
        }

        using var reader = models.Open(new SamSessionOptions { EmbeddingCacheDirectory = directory });
        Assert.Equal(original, (await reader.GetEmbeddingAsync(input)).Data.ToArray());
        Assert.Equal(0, reader.EncoderRuns);
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public async Task Disk_cache_entries_of_another_encoder_are_not_used()
    {
        var directory = models.NewDirectory("two-models");
        var pixels = RgbHwc(54);
        using (var nchw = models.Open(new SamSessionOptions { EmbeddingCacheDirectory = directory }))
        {
            await nchw.GetEmbeddingAsync(new SamEncoderInput(NchwNormalized(pixels), Size, Size, "shared-hash"));
        }

        using var hwc = OnnxSamSession.Load(models.HwcEncoder, models.Decoder, new SamSessionOptions { EmbeddingCacheDirectory = directory });
        await hwc.GetEmbeddingAsync(new SamEncoderInput(pixels, Size, Size, "shared-hash"));

        Assert.Equal(1, hwc.EncoderRuns);
        Assert.Equal(2, Directory.GetFiles(directory, "*-shared-hash.s2emb").Length);
    }

    [Fact]
    public async Task The_memory_cache_evicts_the_least_recently_used_embedding_to_stay_within_its_budget()
    {
        using var session = models.Open(new SamSessionOptions { EmbeddingCacheBytes = EmbeddingBytes * 5 / 2 });

        await session.GetEmbeddingAsync(NchwInput(61, "a"));
        await session.GetEmbeddingAsync(NchwInput(62, "b"));
        Assert.Equal(2, session.EncoderRuns);
        await session.GetEmbeddingAsync(NchwInput(63, "c")); // evicts a
        Assert.Equal(3, session.EncoderRuns);
        Assert.Equal(2, session.CachedEmbeddingCount);
        Assert.Equal(2 * EmbeddingBytes, session.CachedEmbeddingBytes);

        await session.GetEmbeddingAsync(NchwInput(62, "b")); // hit; b is now the most recent
        Assert.Equal(3, session.EncoderRuns);
        await session.GetEmbeddingAsync(NchwInput(61, "a")); // miss; evicts c
        Assert.Equal(4, session.EncoderRuns);
        await session.GetEmbeddingAsync(NchwInput(62, "b")); // still held
        Assert.Equal(4, session.EncoderRuns);
        await session.GetEmbeddingAsync(NchwInput(63, "c")); // was evicted
        Assert.Equal(5, session.EncoderRuns);
        Assert.True(session.CachedEmbeddingBytes <= EmbeddingBytes * 5 / 2);
    }

    [Fact]
    public async Task A_zero_budget_keeps_no_embeddings_in_memory()
    {
        using var session = models.Open(new SamSessionOptions { EmbeddingCacheBytes = 0 });

        await session.GetEmbeddingAsync(NchwInput(64, "a"));
        await session.GetEmbeddingAsync(NchwInput(64, "a"));

        Assert.Equal(2, session.EncoderRuns);
        Assert.Equal(0, session.CachedEmbeddingBytes);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_chip_run_the_encoder_once()
    {
        using var session = models.Open();
        const int callers = 8;
        using var start = new Barrier(callers);

        // Each caller brings its own buffer with the same content and hash, as separate pipeline workers would.
        var inputs = Enumerable.Range(0, callers).Select(_ => NchwInput(65, "hot-chip")).ToArray();
        var embeddings = await Task.WhenAll(inputs.Select(input => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await session.GetEmbeddingAsync(input);
        })));

        Assert.Equal(1, session.EncoderRuns);
        Assert.All(embeddings, e => Assert.Same(embeddings[0], e));
    }

    [Fact]
    public async Task Concurrent_requests_for_different_chips_each_run_the_encoder_once()
    {
        using var session = models.Open();
        var inputs = Enumerable.Range(0, 6).Select(i => NchwInput(70 + i % 3, $"chip-{i % 3}")).ToArray();

        var embeddings = await Task.WhenAll(inputs.Select(input => Task.Run(async () => await session.GetEmbeddingAsync(input))));

        Assert.Equal(3, session.EncoderRuns);
        Assert.Equal(3, embeddings.Select(e => e.ContentHash).Distinct().Count());
    }
}

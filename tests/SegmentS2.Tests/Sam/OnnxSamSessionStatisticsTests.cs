using System.Diagnostics;
using SegmentS2.Sam;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

public sealed class OnnxSamSessionStatisticsTests(SamContractModels models) : IClassFixture<SamContractModels>
{
    [Fact]
    public async Task Statistics_count_runs_and_time_inside_run_but_not_cache_hits()
    {
        using var session = models.Open();
        Assert.Equal(default, session.Statistics);
        var mask = new byte[Size * Size];

        var outside = Stopwatch.StartNew();
        var embedding = await session.GetEmbeddingAsync(NchwInput(7, "stats-chip"));
        var encodeWall = outside.Elapsed;
        var afterEncode = session.Statistics;
        Assert.Equal(1, afterEncode.EncoderRuns);
        Assert.InRange(afterEncode.EncoderRunTime, TimeSpan.FromTicks(1), encodeWall);
        Assert.Equal((0L, TimeSpan.Zero), (afterEncode.DecoderRuns, afterEncode.DecoderRunTime));

        // Two decoder calls in one prompt group: two runs, each timed.
        outside.Restart();
        await session.DecodeAsync(embedding, Prompt(Call((100.5f, 100.5f, 1), (0, 0, -1)), Call((600.5f, 300.5f, 1), (0, 0, -1))), mask);
        var decodeWall = outside.Elapsed;
        var used = session.Statistics - afterEncode;
        Assert.Equal(new SamSessionStatistics(0, TimeSpan.Zero, 2, used.DecoderRunTime), used);
        Assert.InRange(used.DecoderRunTime, TimeSpan.FromTicks(1), decodeWall);
        Assert.Equal(session.Statistics.EncoderRunTime + session.Statistics.DecoderRunTime, session.Statistics.ModelRunTime);

        // A cache hit runs nothing and costs no model time.
        var beforeHit = session.Statistics;
        Assert.Same(embedding, await session.GetEmbeddingAsync(NchwInput(7, "stats-chip")));
        Assert.Equal(beforeHit, session.Statistics);
        Assert.Equal((session.EncoderRuns, session.DecoderRuns), (session.Statistics.EncoderRuns, session.Statistics.DecoderRuns));
    }
}

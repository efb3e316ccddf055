using Microsoft.Extensions.DependencyInjection;
using SegmentS2.Sam;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Reliability.Support;
using SegmentS2.Tests.Sentinel2;
using SegmentS2.Workflow;
using Xunit.Abstractions;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Reliability.Concurrency;

/// <summary>
/// Several runs at once on one workflow, one <see cref="ISamSession"/> and one embedding cache (memory and disk)
/// give, file for file, the bytes the same runs give one after another on a fresh container.
/// </summary>
public sealed class ConcurrentRunsTests(ServerSceneFixture fx, ITestOutputHelper log) : IClassFixture<ServerSceneFixture>
{
    private const double X0 = ServerSceneFixture.X0, Y0 = ServerSceneFixture.Y0;

    [Fact]
    public async Task Parallel_runs_sharing_a_session_equal_sequential_runs_byte_for_byte()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        // The first acquisition only, to keep the test short.
        SegmentS2Request Request(string? prompts = null) => fx.Request(prompts) with { End = ServerSceneFixture.Date.AddDays(1) };
        var requests = new (string Name, SegmentS2Request Request)[]
        {
            ("fixture-prompts", Request()),
            ("same-again", Request()), // identical chips at the same time: one encoder run between them
            ("one-point", Request(new PromptGeoJson(ServerSceneFixture.Epsg).Point(X0 + 5004.4, Y0 - 6003.3, "p").Build())),
            ("box-small-roi", Request(new PromptGeoJson(ServerSceneFixture.Epsg).Box(X0 + 4000, Y0 - 5000, X0 + 6000, Y0 - 4000, "b").Build())
                with { Roi = ServerScenes.RoiAround(ServerSceneFixture.Epsg, X0 + 3500, Y0 - 5500, X0 + 6500, Y0 - 3500) }),
            ("string-ids", Request(new PromptGeoJson(ServerSceneFixture.Epsg).Point(X0 + 2002.5, Y0 - 9001.5, "zeta").Point(X0 + 10001.1, Y0 - 1501.9, "alpha").Build())),
        };

        // One after another, on their own container and cache.
        var sequential = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        long sequentialEncoderRuns;
        await using (var host = ServerWorkflow.Create(fx, server, fx.NewOutputDirectory(), o => o.Sam.EmbeddingCacheDirectory = fx.NewOutputDirectory()))
        {
            foreach (var (name, request) in requests)
            {
                string output = fx.NewOutputDirectory();
                await host.Workflow.RunAsync(request with { OutputDirectory = output });
                sequential[name] = OutputFolder.Hashes(output);
            }

            sequentialEncoderRuns = host.Services.GetRequiredService<ISamSession>().EncoderRuns;
        }

        // All at once, on one workflow, one session, one memory and disk cache.
        await using var shared = ServerWorkflow.Create(fx, server, fx.NewOutputDirectory(), o => o.Sam.EmbeddingCacheDirectory = fx.NewOutputDirectory());
        var workflow = shared.Workflow;
        int running = 0, mostAtOnce = 0;
        var outputs = requests.ToDictionary(r => r.Name, _ => fx.NewOutputDirectory());
        await Task.WhenAll(requests.Select(r => Task.Run(async () =>
        {
            bool counted = false;
            var progress = new SyncProgress<SegmentS2Progress>(p =>
            {
                if (p.Stage == SegmentS2Stage.Segmenting && !counted)
                {
                    counted = true;
                    int now = Interlocked.Increment(ref running);
                    InterlockedMax(ref mostAtOnce, now);
                }
            });
            try
            {
                await workflow.RunAsync(r.Request with { OutputDirectory = outputs[r.Name] }, progress);
            }
            finally
            {
                if (counted)
                {
                    Interlocked.Decrement(ref running);
                }
            }
        })));

        long parallelEncoderRuns = shared.Services.GetRequiredService<ISamSession>().EncoderRuns;
        log.WriteLine($"{requests.Length} runs, at most {mostAtOnce} segmenting at once; encoder runs: sequential {sequentialEncoderRuns}, parallel {parallelEncoderRuns}");
        Assert.True(mostAtOnce >= 2, "the runs never overlapped");
        foreach (var (name, _) in requests)
        {
            var files = OutputFolder.Hashes(outputs[name]);
            Assert.Equal(4, files.Count);
            Assert.Equal(sequential[name], files);
        }

        Assert.Equal(sequential["fixture-prompts"], sequential["same-again"]);
        Assert.Equal(sequentialEncoderRuns, parallelEncoderRuns);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

using System.Diagnostics;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Reliability.Support;
using SegmentS2.Tests.TestSupport;
using SegmentS2.Workflow;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Reliability.Faults;

/// <summary>
/// The whole workflow (Planetary Computer source, demo models, all outputs) against a loopback server that
/// injects faults into search, token and blob requests. Transient faults must end in outputs byte-identical to a
/// fault-free run; lasting ones in a typed error; and in no case may a partial or corrupt file be left behind.
/// </summary>
public sealed class WorkflowFaultInjectionTests(ServerSceneFixture fx, ITestOutputHelper log) : IClassFixture<ServerSceneFixture>
{
    [Theory]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.InternalServerError)]
    [InlineData(FaultKind.TooManyRequests)]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.TruncatedBody)]
    [InlineData(FaultKind.WrongContentLength)]
    [InlineData(FaultKind.Stall)]
    public async Task Random_transient_faults_end_in_the_fault_free_outputs(FaultKind kind)
    {
        var expected = await fx.FaultFreeOutputsAsync();
        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        server.Faults.AddRandom(seed: 1000 + (int)kind, probability: 0.25, ServerRoute.Any, kind);
        string output = fx.NewOutputDirectory();
        // Stalls last 5 s; an attempt gives up after 400 ms and is retried.
        await using var host = ServerWorkflow.Create(fx, server, output, http: o =>
        {
            ServerWorkflow.FastRetries(o, TimeSpan.FromMilliseconds(400));
            o.MaxRetryAttempts = 12; // a request failing 13 times in a row at p = 0.25: 1.5e-8
        });

        var clock = Stopwatch.StartNew();
        var result = await host.Workflow.RunAsync(fx.Request());

        log.WriteLine($"{kind}: {server.Faults.Injected} faults injected over {Requests(server)} requests; completed in {clock.ElapsedMilliseconds} ms; {result.Scenes[0].Timings.Total.TotalMilliseconds:0} + {result.Scenes[1].Timings.Total.TotalMilliseconds:0} ms in scenes");
        Assert.True(server.Faults.Injected >= 1, $"no {kind} fault injected");
        Assert.Equal(2, result.Scenes.Count);
        Assert.Equal(expected, OutputFolder.Hashes(output));
    }

    [Fact]
    public async Task Tokens_expiring_mid_scene_are_renewed_and_the_outputs_are_the_fault_free_ones()
    {
        var expected = await fx.FaultFreeOutputsAsync();
        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        // Storage refuses two blob reads as expired, and every token is expired once the first chip is segmented.
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ExpiredToken) { AfterRequests = 4, Times = 1 });
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ExpiredToken) { AfterRequests = 12, Times = 1 });
        string output = fx.NewOutputDirectory();
        await using var host = ServerWorkflow.Create(fx, server, output);
        int expiredAt = -1;
        var progress = new SyncProgress<SegmentS2Progress>(p =>
        {
            if (p.Stage == SegmentS2Stage.Segmenting && p.ChipIndex == 1 && expiredAt < 0)
            {
                expiredAt = server.TokensIssued;
                server.ExpireAllTokens();
            }
        });

        await host.Workflow.RunAsync(fx.Request(), progress);
        log.WriteLine($"2 refusals + expiry of all tokens after chip 1: {server.TokensIssued} tokens issued, {Requests(server)} requests");
        Assert.Equal(2, server.Faults.Injected);
        Assert.True(expiredAt >= 1 && server.TokensIssued >= expiredAt + 1, $"{server.TokensIssued} tokens issued, {expiredAt} before the mid-scene expiry");
        Assert.Equal(expected, OutputFolder.Hashes(output));
        Assert.Contains("Storage refused the SAS token", host.Logs.Text);
    }

    [Fact]
    public async Task Retry_after_is_honoured_for_429()
    {
        var expected = await fx.FaultFreeOutputsAsync();
        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        server.Faults.Add(new FaultRule(ServerRoute.Search, FaultKind.TooManyRequests) { RetryAfter = TimeSpan.FromSeconds(1) });
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.TooManyRequests) { AfterRequests = 6, Times = 2, RetryAfter = TimeSpan.FromSeconds(1) });
        string output = fx.NewOutputDirectory();
        // The waits run on a fake clock; attempt timeouts get an hour of it, so that only the backoff is what moves it.
        var time = FakeClock.Create();
        await using var host = ServerWorkflow.Create(fx, server, output, http: o =>
        {
            ServerWorkflow.FastRetries(o, TimeSpan.FromHours(1));
            o.TotalTimeout = TimeSpan.FromHours(2);
        }, time: time);

        var (_, elapsed) = await FakeClock.RunAsync(time, host.Workflow.RunAsync(fx.Request()));
        Assert.Equal(3, server.Faults.Injected);
        Assert.True(elapsed >= TimeSpan.FromSeconds(2), $"three 429s asking for 1 s each, finished after {elapsed} on the fake clock");
        Assert.Equal(3, host.Logs.Entries.Count(e => e.Contains("answered 429", StringComparison.Ordinal) && e.Contains("retrying in 1000 ms", StringComparison.Ordinal)));
        Assert.Equal(expected, OutputFolder.Hashes(output));
    }

    public static TheoryData<string, FaultRule, Type> LastingFaults => new()
    {
        { "search answers 503 every time", new FaultRule(ServerRoute.Search, FaultKind.ServiceUnavailable) { Times = int.MaxValue }, typeof(StacApiException) },
        { "search answers HTML", new FaultRule(ServerRoute.Search, FaultKind.Html) { Times = int.MaxValue }, typeof(StacApiException) },
        { "search answers cut-off JSON", new FaultRule(ServerRoute.Search, FaultKind.MalformedJson) { Times = int.MaxValue }, typeof(StacApiException) },
        { "token endpoint answers cut-off JSON", new FaultRule(ServerRoute.Token, FaultKind.MalformedJson) { Times = int.MaxValue }, typeof(SasTokenException) },
        { "token endpoint answers 500 every time", new FaultRule(ServerRoute.Token, FaultKind.InternalServerError) { Times = int.MaxValue }, typeof(SasTokenException) },
        { "a band file is missing", new FaultRule(ServerRoute.Blob, FaultKind.NotFound) { PathContains = "_B03_", Times = int.MaxValue }, typeof(S2ReadException) },
        { "blobs answer 503 from the 10th read on", new FaultRule(ServerRoute.Blob, FaultKind.ServiceUnavailable) { AfterRequests = 10, Times = int.MaxValue }, typeof(S2ReadException) },
        { "blobs reset the connection from the 20th read on", new FaultRule(ServerRoute.Blob, FaultKind.ConnectionReset) { AfterRequests = 20, Times = int.MaxValue }, typeof(S2ReadException) },
        { "blobs stall from the 10th read on", new FaultRule(ServerRoute.Blob, FaultKind.Stall) { AfterRequests = 10, Times = int.MaxValue, StallFor = TimeSpan.FromSeconds(30) }, typeof(S2ReadException) },
        { "storage refuses every token", new FaultRule(ServerRoute.Blob, FaultKind.ExpiredToken) { Times = int.MaxValue }, typeof(S2ReadException) },
    };

    [Theory]
    [MemberData(nameof(LastingFaults))]
    public async Task Lasting_faults_fail_with_a_typed_error_and_leave_nothing_partial(string what, FaultRule rule, Type expectedError)
    {
        var expected = await fx.FaultFreeOutputsAsync();
        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        server.Faults.Add(rule);
        string output = fx.NewOutputDirectory();
        await using var host = ServerWorkflow.Create(fx, server, output, http: o =>
        {
            ServerWorkflow.FastRetries(o, TimeSpan.FromMilliseconds(300));
            o.MaxRetryAttempts = 3;
        });
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAnyAsync<SegmentS2Exception>(() => host.Workflow.RunAsync(fx.Request()));

        log.WriteLine($"{what}: {Requests(server)} requests, {ex.GetType().Name} after {clock.ElapsedMilliseconds} ms, {server.Faults.Injected} faults: {ex.Message}");
        Assert.IsType(expectedError, ex);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{what}: gave up only after {clock.Elapsed}");
        OutputFolder.AssertNothingPartial(output, expected);
    }

    [Fact]
    public async Task Storage_failing_after_the_first_scene_leaves_its_complete_fault_free_files()
    {
        var expected = await fx.FaultFreeOutputsAsync();
        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        string output = fx.NewOutputDirectory();
        await using var host = ServerWorkflow.Create(fx, server, output, http: o =>
        {
            ServerWorkflow.FastRetries(o);
            o.MaxRetryAttempts = 2;
        });
        var progress = new SyncProgress<SegmentS2Progress>(p =>
        {
            if (p.Stage == SegmentS2Stage.OpeningScene && p.SceneIndex == 1 && server.Faults.Injected == 0)
            {
                // The first scene is written while the second is segmented: let its four files land before storage fails.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (Directory.GetFiles(output).Count(f => !Path.GetFileName(f).StartsWith('.')) < 4 && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(20);
                }

                server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ServiceUnavailable) { Times = int.MaxValue });
            }
        });

        var ex = await Assert.ThrowsAsync<S2ReadException>(() => host.Workflow.RunAsync(fx.Request(), progress));

        var left = OutputFolder.Hashes(output);
        log.WriteLine($"{ex.Message}; left {string.Join(", ", left.Keys)}");
        Assert.True(server.Faults.Injected > 0);
        Assert.Equal(4, left.Count);
        OutputFolder.AssertNothingPartial(output, expected);
    }

    [Theory]
    [InlineData(0)] // the mask in place, the s2_raster being written
    [InlineData(2)] // the quick-look being written
    public async Task Cancelling_while_outputs_are_written_leaves_only_complete_fault_free_files(int afterFiles)
    {
        var expected = await fx.FaultFreeOutputsAsync();
        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        string output = fx.NewOutputDirectory();
        await using var host = ServerWorkflow.Create(fx, server, output);
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<SegmentS2Progress>(p =>
        {
            if (p.Stage == SegmentS2Stage.Writing)
            {
                // Cancel once this many files are in place (checked on a timer: writing reports no progress per file).
                _ = Task.Run(async () =>
                {
                    while (!cts.IsCancellationRequested && Directory.GetFiles(output).Count(f => !Path.GetFileName(f).StartsWith('.')) < afterFiles + 1)
                    {
                        await Task.Delay(1);
                    }

                    cts.Cancel();
                });
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Workflow.RunAsync(fx.Request(), progress, cts.Token));

        var left = OutputFolder.Hashes(output);
        log.WriteLine($"cancelled after {afterFiles + 1} files: left {string.Join(", ", left.Keys)}");
        OutputFolder.AssertNothingPartial(output, expected);
    }

    private static long Requests(LoopbackS2Server server) =>
        server.Counters.Requests(ServerRoute.Search) + server.Counters.Requests(ServerRoute.Token) + server.Counters.Requests(ServerRoute.Blob);
}

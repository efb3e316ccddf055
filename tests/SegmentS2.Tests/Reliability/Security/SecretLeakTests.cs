using System.Text;
using System.Text.RegularExpressions;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Reliability.Security;

/// <summary>
/// SAS tokens and subscription keys never appear in what a whole run leaves: its logs (every category at Trace,
/// the HTTP client factory's included), the messages of its exceptions (with their inner exceptions), or its files.
/// </summary>
public sealed partial class SecretLeakTests(ServerSceneFixture fx, ITestOutputHelper log) : IClassFixture<ServerSceneFixture>
{
    private const string Key = "SUBSCRIPTION-KEY-51c7e2";
    private const string WrongKey = "WRONG-KEY-0d9b44";

    [Fact]
    public async Task A_run_through_retries_refusals_and_renewals_leaks_no_secret()
    {
        await using var server = await LoopbackS2Server.StartAsync(new LoopbackS2ServerOptions { RequiredSubscriptionKey = Key });
        fx.AddTo(server);
        server.Faults.Add(new FaultRule(ServerRoute.Token, FaultKind.TooManyRequests) { RetryAfter = TimeSpan.Zero });
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ExpiredToken) { AfterRequests = 3 });
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ServiceUnavailable) { AfterRequests = 8, Times = 3 });
        string output = fx.NewOutputDirectory();
        await using var host = ServerWorkflow.Create(fx, server, output);

        var result = await host.Workflow.RunAsync(fx.Request());

        Assert.Equal(2, result.Scenes.Count);
        Assert.True(server.TokensIssued >= 2);
        Assert.Contains("refused the SAS token", host.Logs.Text);
        Assert.Contains("retrying", host.Logs.Text);
        Assert.Contains(host.Logs.Entries, e => e.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal) && e.Contains("/blob/", StringComparison.Ordinal));
        log.WriteLine($"{host.Logs.Entries.Count} log entries, {server.TokensIssued} tokens issued, {server.Faults.Injected} faults");
        AssertNoSecret("logs", host.Logs.Text);
        foreach (var file in Directory.GetFiles(output))
        {
            AssertNoSecret(Path.GetFileName(file), Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
        }
    }

    public static TheoryData<string, FaultRule?, string?, Type> Failures => new()
    {
        { "storage refuses every token", new FaultRule(ServerRoute.Blob, FaultKind.ExpiredToken) { Times = int.MaxValue }, null, typeof(S2ReadException) },
        { "blobs stall after the headers", new FaultRule(ServerRoute.Blob, FaultKind.Stall) { AfterRequests = 6, Times = int.MaxValue, StallFor = TimeSpan.FromSeconds(20) }, null, typeof(S2ReadException) },
        { "blobs reset connections", new FaultRule(ServerRoute.Blob, FaultKind.ConnectionReset) { AfterRequests = 6, Times = int.MaxValue }, null, typeof(S2ReadException) },
        { "wrong subscription key", null, WrongKey, typeof(StacApiException) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_run_leaks_no_secret_in_its_error_or_logs(string what, FaultRule? rule, string? key, Type expected)
    {
        await using var server = await LoopbackS2Server.StartAsync(new LoopbackS2ServerOptions { RequiredSubscriptionKey = Key });
        fx.AddTo(server);
        if (rule is not null)
        {
            server.Faults.Add(rule);
        }

        await using var host = ServerWorkflow.Create(fx, server, fx.NewOutputDirectory(),
            o => o.PlanetaryComputer.SubscriptionKey = key ?? Key,
            o =>
            {
                ServerWorkflow.FastRetries(o, TimeSpan.FromMilliseconds(300));
                o.MaxRetryAttempts = 2;
            });

        var ex = await Assert.ThrowsAnyAsync<SegmentS2Exception>(() => host.Workflow.RunAsync(fx.Request()));

        log.WriteLine($"{what}: {ex.GetType().Name}: {ex.Message}");
        Assert.IsType(expected, ex);
        AssertNoSecret("exception", ex.ToString());
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            AssertNoSecret("inner exception", inner.Message);
        }

        AssertNoSecret("logs", host.Logs.Text);
    }

    private static void AssertNoSecret(string where, string text)
    {
        Assert.False(text.Contains(Key, StringComparison.Ordinal), $"{where} holds the subscription key");
        Assert.False(text.Contains(WrongKey, StringComparison.Ordinal), $"{where} holds the (wrong) subscription key");
        Assert.False(text.Contains("sig=", StringComparison.OrdinalIgnoreCase), $"{where} holds a SAS signature: {Around(text, "sig=")}");
        Assert.False(LoopbackSignature().IsMatch(text), $"{where} holds a SAS signature value: {Around(text, LoopbackSignature().Match(text).Value)}");
        Assert.False(text.Contains("&se=", StringComparison.Ordinal) || text.Contains("?st=", StringComparison.Ordinal), $"{where} holds a SAS token's fields");
    }

    private static string Around(string text, string part)
    {
        int at = text.IndexOf(part, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? "" : text.Substring(Math.Max(0, at - 120), Math.Min(text.Length - Math.Max(0, at - 120), 240));
    }

    // The loopback server's signatures: "loopback", a six-digit serial, four hex digits.
    [GeneratedRegex("loopback[0-9]{6}[0-9a-f]{4}")]
    private static partial Regex LoopbackSignature();
}

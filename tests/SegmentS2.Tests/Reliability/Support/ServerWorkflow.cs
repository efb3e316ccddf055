using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Testing.Server;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Reliability.Support;

/// <summary>The workflow as a user registers it (<c>AddSegmentS2</c>, Planetary Computer source) pointed at a loopback server.</summary>
internal sealed class ServerWorkflow : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ServerWorkflow(ServiceProvider services, ListLoggerProvider logs)
    {
        _services = services;
        Logs = logs;
    }

    public SegmentS2Workflow Workflow => _services.GetRequiredService<SegmentS2Workflow>();

    public IServiceProvider Services => _services;

    /// <summary>Everything the run logged (Trace and up, all categories).</summary>
    public ListLoggerProvider Logs { get; }

    /// <summary>Short retries (10..100 ms backoff) so that fault tests stay fast; an attempt times out after <paramref name="attemptTimeout"/>.</summary>
    public static void FastRetries(S2HttpResilienceOptions o, TimeSpan? attemptTimeout = null)
    {
        o.BaseDelay = TimeSpan.FromMilliseconds(10);
        o.MaxDelay = TimeSpan.FromMilliseconds(100);
        o.MaxRetryAfter = TimeSpan.FromSeconds(2);
        o.AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5);
        o.TotalTimeout = TimeSpan.FromSeconds(60);
        o.MaxRetryAttempts = 8;
    }

    public static ServerWorkflow Create(ServerSceneFixture fixture, LoopbackS2Server server, string output,
        Action<SegmentS2Options>? configure = null, Action<S2HttpResilienceOptions>? http = null, TimeProvider? time = null)
    {
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        if (time is not null)
        {
            // The HTTP pipeline's clock (backoff, Retry-After, timeouts): a test's fake.
            services.AddSingleton(time);
        }

        services.AddLogging(b => b.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.PlanetaryComputer;
            o.PlanetaryComputer = server.CreatePlanetaryComputerOptions();
            o.EncoderPath = fixture.EncoderPath;
            o.DecoderPath = fixture.DecoderPath;
            o.OutputDirectory = output;
            o.Sam.IntraOpNumThreads = 1;
            configure?.Invoke(o);
        }, http ?? (o => FastRetries(o)));
        return new ServerWorkflow(services.BuildServiceProvider(), logs);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

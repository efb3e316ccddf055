using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentS2.Workflow;

namespace SegmentS2.Cli;

/// <summary>The service provider every command that runs the workflow builds: the CLI's one-line logger and <c>AddSegmentS2</c>.</summary>
public static class CliServices
{
    /// <summary>
    /// Builds a provider for one request. Logs go to <paramref name="error"/>, one line each and without stack traces
    /// unless -v, so stdout holds only progress and the summary (or the JSON object).
    /// </summary>
    public static ServiceProvider ForOneRequest(Action<SegmentS2Options> configure, TextWriter error, CliVerbosity verbosity)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().AddProvider(new CliLoggerProvider(error, verbosity)).SetMinimumLevel(CliLoggerProvider.MinimumLevel(verbosity)));
        services.AddSegmentS2(o =>
        {
            // This provider serves one request and is disposed: no chip follows the last, so its arena can go (docs/models.md).
            o.ReleaseEncoderMemoryAfterRun = true;
            configure(o);
        });
        return services.BuildServiceProvider();
    }
}

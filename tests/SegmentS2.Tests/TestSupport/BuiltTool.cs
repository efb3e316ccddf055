using System.Diagnostics;

namespace SegmentS2.Tests.TestSupport;

/// <summary>
/// Runs the built <c>segment-s2</c> tool in its own process, as a user runs it: segment-s2.dll beside the tests, or the
/// published executable that <see cref="Tool.ExecutableVariable"/> names.
/// </summary>
public static class BuiltTool
{
    /// <summary>
    /// How to start the tool with <paramref name="args"/>: the published executable <see cref="Tool.ExecutableVariable"/>
    /// names, else <c>dotnet segment-s2.dll</c> beside the tests; stdout and stderr redirected.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Tool.Executable ?? Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Tool.Executable is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "segment-s2.dll"));
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    /// <summary>Runs the tool; returns its exit code, stdout and stderr. A run past <paramref name="timeout"/> (default 2 min) is killed and fails the test.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = StartInfo(args);
        start.RedirectStandardInput = true;

        // A key or shard index in the test host's own environment must not leak into the tool's.
        start.Environment.Remove("PC_SDK_SUBSCRIPTION_KEY");
        start.Environment.Remove("JOB_COMPLETION_INDEX");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"segment-s2 {string.Join(' ', args)} ran past {timeout ?? TimeSpan.FromMinutes(2)}: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}

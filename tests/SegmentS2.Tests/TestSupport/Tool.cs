using SegmentS2.Cli;

namespace SegmentS2.Tests.TestSupport;

/// <summary>
/// Runs <c>segment-s2</c> for the CLI tests: in process by default, or, when <see cref="ExecutableVariable"/> names a
/// published tool, that executable in its own process (<see cref="BuiltTool"/>) with the same arguments. <c>.ci/run</c>
/// publishes the tool as users get it from <c>dotnet publish -r linux-x64</c> (Native AOT) and runs the tests with the
/// trait <c>Tool=cli</c> against it, so every command's behaviour is checked in the form users run.
/// </summary>
public static class Tool
{
    /// <summary>The environment variable naming a published <c>segment-s2</c> to run instead of the in-process one.</summary>
    public const string ExecutableVariable = "SEGMENTS2_CLI_EXECUTABLE";

    /// <summary>Trait name of the tests that run the tool: <c>--filter Tool=cli</c>.</summary>
    public const string Trait = "Tool";

    /// <summary>The trait's value.</summary>
    public const string Cli = "cli";

    /// <summary>The published executable under test, or null for the in-process tool.</summary>
    public static string? Executable => Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : null;

    /// <summary>Runs the tool with <paramref name="args"/>, writing its stdout and stderr to the given writers; returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (Executable is null)
        {
            return await CliApplication.RunAsync(args, output, error, cancellationToken);
        }

        var (code, stdout, stderr) = await BuiltTool.RunAsync(args, timeout: TimeSpan.FromMinutes(5));
        await output.WriteAsync(stdout);
        await error.WriteAsync(stderr);
        return code;
    }
}

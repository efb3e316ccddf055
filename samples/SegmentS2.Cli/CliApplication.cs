using System.CommandLine;
using SegmentS2.Cli.Commands;

namespace SegmentS2.Cli;

/// <summary>
/// Builds the <c>segment-s2</c> command tree and runs it. Each command lives in its own file under
/// <c>Commands/</c> and is added in <see cref="CreateRootCommand"/>.
/// </summary>
public static class CliApplication
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("segment-s2: Sentinel-2 imagery and Segment Anything, in .NET.");
        root.Add(InfoCommand.Create());
        root.Add(PlanCommand.Create());
        root.Add(SearchCommand.Create());
        root.Add(RunCommand.Create());
        root.Add(AutoCommand.Create());
        root.Add(DemoCommand.Create());
        root.Add(BatchCommand.Create());
        root.Add(MergeCommand.Create());
        // With no command the tool runs the demo, so a fresh clone shows something useful at once.
        root.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(
            parseResult, (output, ct) => DemoCommand.RunAsync(null, null, null, "out", output, parseResult.InvocationConfiguration.Error, CliVerbosity.Normal, _ => { }, ct), cancellationToken));
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>, writing to the given streams (tests pass their own).
    /// Returns the process exit code: 0 on success, non-zero on any error.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return CreateRootCommand().Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}

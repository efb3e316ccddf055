using System.CommandLine;

namespace SegmentS2.Cli.Commands;

/// <summary><c>--quiet</c> / <c>-q</c> and <c>--verbose</c> / <c>-v</c>, shared by every command that runs the workflow.</summary>
public sealed class VerbosityArguments
{
    /// <summary><c>--quiet</c>.</summary>
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print errors and the summary only." };

    /// <summary><c>--verbose</c>.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Also print Information and Debug events, with exception stack traces." };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(Quiet);
        command.Add(Verbose);
    }

    /// <summary>The verbosity the options ask for.</summary>
    /// <exception cref="ArgumentException">Both <c>--quiet</c> and <c>--verbose</c> are given.</exception>
    public CliVerbosity Read(ParseResult parseResult)
    {
        bool quiet = parseResult.GetValue(Quiet), verbose = parseResult.GetValue(Verbose);
        return (quiet, verbose) switch
        {
            (true, true) => throw new ArgumentException("--quiet and --verbose contradict each other; give one."),
            (true, false) => CliVerbosity.Quiet,
            (false, true) => CliVerbosity.Verbose,
            _ => CliVerbosity.Normal,
        };
    }
}

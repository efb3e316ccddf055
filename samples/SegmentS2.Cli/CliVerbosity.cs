namespace SegmentS2.Cli;

/// <summary>How much <c>demo</c> and <c>run</c> print.</summary>
public enum CliVerbosity
{
    /// <summary>Errors and the summary only: no progress lines, no warnings (<c>--quiet</c>).</summary>
    Quiet,

    /// <summary>Progress, warnings as one line each (exception type and message, no stack trace), the summary.</summary>
    Normal,

    /// <summary>Also Information and Debug events, with exception stack traces (<c>--verbose</c>).</summary>
    Verbose,
}

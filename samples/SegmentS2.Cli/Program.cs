namespace SegmentS2.Cli;

/// <summary>Entry point of the <c>segment-s2</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Runs the tool with the console's streams.</summary>
    public static Task<int> Main(string[] args) => CliApplication.RunAsync(args, Console.Out, Console.Error);
}

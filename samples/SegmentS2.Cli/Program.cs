namespace SegmentS2.Cli;

/// <summary>Entry point of the <c>segment-s2</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Runs the tool.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("segment-s2: no command yet.");
        return args.Length == 0 ? 0 : 1;
    }
}

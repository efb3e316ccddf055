using System.Diagnostics;
using System.Text.Json;

namespace SegmentS2.Benchmarks.RealSam;

/// <summary>
/// The harnesses' fresh child processes of this program: a child prints one <c>RESULT {json}</c> line (<see cref="Report{T}"/>),
/// and the parent starts it and reads that line back (<see cref="Run{T}"/>), so each measurement starts cold.
/// </summary>
public static class ChildProcess
{
    private const string Prefix = "RESULT ";

    /// <summary>Runs this program with <paramref name="args"/> and returns the result its child printed.</summary>
    public static T Run<T>(params string[] args)
    {
        string path = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"child '{string.Join(' ', args)}' exited with {p.ExitCode} without a result: {output}");
        return JsonSerializer.Deserialize<T>(line[Prefix.Length..])!;
    }

    /// <summary>Prints a child's result for <see cref="Run{T}"/>.</summary>
    public static void Report<T>(T result) => Console.WriteLine(Prefix + JsonSerializer.Serialize(result));

    /// <summary>The median of the rounds' values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

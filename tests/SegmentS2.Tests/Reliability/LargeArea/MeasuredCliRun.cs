using System.Diagnostics;
using System.Globalization;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Reliability.LargeArea;

/// <summary>
/// <c>segment-s2</c> run as a user runs it, in a process of its own, with its peak resident memory (the kernel's
/// VmHWM, polled every 50 ms) and wall time: only the tool's memory is measured, not the test host's.
/// </summary>
internal sealed record MeasuredCliRun(int ExitCode, string Stdout, string Stderr, long PeakResidentBytes, TimeSpan Elapsed)
{
    /// <summary>Runs the tool with <paramref name="arguments"/>; fails the test when it runs past <paramref name="limit"/>.</summary>
    /// <param name="what">Names the run in the time-limit failure ("the batch", "the CLI").</param>
    public static async Task<MeasuredCliRun> RunAsync(IEnumerable<string> arguments, TimeSpan limit, string what)
    {
        var start = BuiltTool.StartInfo(arguments);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(50))
        {
            peak = Math.Max(peak, ProcStatusKiB(process.Id, "VmHWM") * 1024);
            Assert.True(clock.Elapsed < limit, $"{what} ran for over {limit.TotalMinutes:0} minutes");
        }

        return new MeasuredCliRun(process.ExitCode, await stdout, await stderr, peak, clock.Elapsed);
    }

    // The kernel's figure for a process, in KiB; 0 once it has exited.
    private static long ProcStatusKiB(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}

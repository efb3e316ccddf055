using System.Diagnostics;

namespace SegmentS2.Tests.TestSupport;

/// <summary>
/// Runs the test oracles' Python (GDAL's bindings, numpy) under <c>/usr/bin/python3</c>, the interpreter that has
/// osgeo.gdal and numpy, not the one first on PATH. One runner for every oracle: script inline (<c>-c</c>) or from a
/// file, arguments, optional stdin, a timeout that kills the process tree, and stderr in the failure.
/// </summary>
public static class PythonOracle
{
    /// <summary>The interpreter with osgeo.gdal and numpy (.ci/run installs python3-gdal and python3-numpy).</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <c>python3 -c</c> and returns its stdout.</summary>
    /// <exception cref="InvalidOperationException">The interpreter is missing or the script failed (stderr in the message).</exception>
    /// <exception cref="TimeoutException">The script ran longer than <paramref name="timeout"/> (default 60 s).</exception>
    public static string RunInline(string script, IEnumerable<string>? args = null, string? stdin = null, TimeSpan? timeout = null) =>
        Run(["-c", script, .. args ?? []], stdin, timeout, "inline oracle script");

    /// <summary>Runs the script file at <paramref name="path"/> and returns its stdout.</summary>
    /// <exception cref="InvalidOperationException">The interpreter is missing or the script failed (stderr in the message).</exception>
    /// <exception cref="TimeoutException">The script ran longer than <paramref name="timeout"/> (default 60 s).</exception>
    public static string RunFile(string path, IEnumerable<string>? args = null, string? stdin = null, TimeSpan? timeout = null) =>
        Run([path, .. args ?? []], stdin, timeout, Path.GetFileName(path));

    /// <summary>
    /// Writes <paramref name="script"/> once per process to a temporary .py file (for scripts run many times) and
    /// returns its path; the file is deleted when the test process exits.
    /// </summary>
    public static Lazy<string> ScriptFile(string name, string script) => new(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"segments2-{name}-{Environment.ProcessId}.py");
        File.WriteAllText(path, script);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    private static string Run(IReadOnlyList<string> arguments, string? stdin, TimeSpan? timeout, string what)
    {
        if (!File.Exists(Interpreter))
        {
            throw new InvalidOperationException($"{Interpreter} not found: install python3-gdal and python3-numpy (.ci/run does).");
        }

        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin ?? string.Empty);
        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish in {limit.TotalSeconds:0} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result;
    }
}

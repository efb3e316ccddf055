using System.Diagnostics;
using System.Text;

namespace SegmentS2.SharedDataTests.TestSupport;

/// <summary>Runs a script with Debian's /usr/bin/python3 (torch, numpy, GDAL) and segment-anything on PYTHONPATH.</summary>
public static class Python
{
    /// <summary>The interpreter: Debian's, which has python3-torch, python3-onnx and python3-gdal.</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs the script; fails the test on a non-zero exit or after <paramref name="timeout"/>. Returns stdout.</summary>
    public static string Run(string script, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PYTHONPATH"] = SharedPaths.ThirdParty;
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => stdout.AppendLine(e.Data);
        p.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(script)} ran past {timeout}: {Tail(stderr)}");
        }

        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{Path.GetFileName(script)} exited with {p.ExitCode}: {Tail(stderr)}");
        return stdout.ToString();
    }

    private static string Tail(StringBuilder text) => text.Length > 4000 ? text.ToString(text.Length - 4000, 4000) : text.ToString();
}

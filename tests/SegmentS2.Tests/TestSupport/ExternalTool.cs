using System.Diagnostics;

namespace SegmentS2.Tests.TestSupport;

/// <summary>Runs a command-line tool (gdalinfo, ogrinfo, gdal_create, ...) and returns its stdout; a failure or a minute's silence fails the test.</summary>
public static class ExternalTool
{
    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), $"{file} timed out");
        Assert.True(p.ExitCode == 0, $"{file} failed: {stderr}");
        return stdout.Result;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace SegmentS2.Tests.TestSupport;

/// <summary>Runs a command-line tool (gdalinfo, ogrinfo, gdal_create, gdaltransform...) and returns its stdout; a failure or a minute's silence fails the test.</summary>
public static class ExternalTool
{
    public static string Run(string file, params string[] args) => RunWithInput(file, null, null, args);

    /// <summary>Runs the tool with <paramref name="stdin"/> as its input and extra environment variables.</summary>
    public static string RunWithInput(string file, string? stdin, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin ?? string.Empty);
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(60_000), $"{file} timed out");
        Assert.True(p.ExitCode == 0, $"{file} failed: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>
    /// One point through <c>gdaltransform -output_xy</c> between two EPSG codes, with GDAL's traditional GIS axis
    /// order (longitude first for EPSG:4326).
    /// </summary>
    public static (double X, double Y) GdalTransform(int sourceEpsg, int targetEpsg, double x, double y)
    {
        string output = RunWithInput("gdaltransform", FormattableString.Invariant($"{x:R} {y:R}\n"),
            new Dictionary<string, string> { ["OGR_CT_FORCE_TRADITIONAL_GIS_ORDER"] = "YES" },
            "-s_srs", $"EPSG:{sourceEpsg}", "-t_srs", $"EPSG:{targetEpsg}", "-output_xy");
        var parts = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}

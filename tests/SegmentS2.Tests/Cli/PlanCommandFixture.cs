using System.Diagnostics;
using System.Globalization;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Cli;

/// <summary>Makes header-only GeoTIFFs with GDAL (sparse, so even 10980 x 10980 is a few hundred bytes) and runs the CLI in-process.</summary>
internal static class PlanCommandFixture
{
    /// <summary>A north-up EPSG:32630 raster with 10 m pixels whose top-left corner is (600000, 5000000).</summary>
    public static string CreateRaster(string directory, int width, int height)
    {
        string path = Path.Combine(directory, $"r{width}x{height}.tif");
        if (File.Exists(path))
        {
            return path;
        }

        string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        ExternalTool.Run("gdal_create", "-outsize", $"{width}", $"{height}", "-bands", "1", "-ot", "UInt16", "-a_srs", "EPSG:32630",
            "-a_ullr", "600000", "5000000", Inv(600000 + 10.0 * width), Inv(5000000 - 10.0 * height),
            "-co", "TILED=YES", "-co", "SPARSE_OK=TRUE", path);
        return path;
    }

    public static async Task<(int ExitCode, string Output, string Error)> PlanAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Tool.RunAsync(["plan", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "segment-s2-plan-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

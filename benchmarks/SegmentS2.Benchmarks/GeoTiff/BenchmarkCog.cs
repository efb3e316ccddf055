using System.Diagnostics;

namespace SegmentS2.Benchmarks.GeoTiff;

/// <summary>
/// The benchmark file: a 4096 x 4096 uint16 COG, DEFLATE with predictor 2, 512 x 512 tiles, with
/// realistic content (smooth gradients, waves and noise), written once by GDAL into a cache folder.
/// </summary>
public static class BenchmarkCog
{
    public const int Size = 4096;

    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "segments2-benchmarks", "cog_uint16_deflate_p2_4096.tif");

    private const string Script = """
        import sys
        import numpy as np
        from osgeo import gdal
        gdal.UseExceptions()
        n = 4096
        rng = np.random.RandomState(42)
        y, x = np.mgrid[0:n, 0:n].astype(np.float32)
        a = 1000 + 3000 * (x + y) / (2 * n) + 500 * np.sin(x / 50) * np.cos(y / 70) + rng.normal(0, 30, (n, n))
        src = gdal.GetDriverByName('MEM').Create('', n, n, 1, gdal.GDT_UInt16)
        src.GetRasterBand(1).WriteArray(np.clip(a, 0, 65535).astype(np.uint16))
        src.SetProjection('EPSG:32629')
        src.SetGeoTransform([300000, 10, 0, 4000000, 0, -10])
        gdal.GetDriverByName('COG').CreateCopy(sys.argv[1], src, options=['BLOCKSIZE=512', 'COMPRESS=DEFLATE', 'PREDICTOR=YES', 'OVERVIEW_RESAMPLING=NEAREST'])
        """;

    /// <summary>Writes the file with GDAL (/usr/bin/python3 with osgeo.gdal) unless it is already cached.</summary>
    public static string Ensure()
    {
        if (File.Exists(Path))
        {
            return Path;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        string temporary = Path + $".{Environment.ProcessId}.tmp";
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-");
        start.ArgumentList.Add(temporary);
        using Process python = Process.Start(start)!;
        python.StandardInput.Write(Script);
        python.StandardInput.Close();
        string error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode != 0)
        {
            throw new InvalidOperationException($"GDAL could not write the benchmark COG: {error}");
        }

        File.Move(temporary, Path, overwrite: true);
        return Path;
    }
}

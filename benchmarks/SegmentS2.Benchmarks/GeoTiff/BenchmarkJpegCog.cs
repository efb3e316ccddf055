using System.Diagnostics;

namespace SegmentS2.Benchmarks.GeoTiff;

/// <summary>
/// The JPEG benchmark file: a 2048 x 2048 RGB COG, YCbCr JPEG (quality 75, 4:2:0), 512 x 512 tiles,
/// with image-like content (gradients, waves and noise per band), written once by GDAL into a cache folder.
/// </summary>
public static class BenchmarkJpegCog
{
    public const int Size = 2048;

    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "segments2-benchmarks", "cog_rgb_jpeg_ycbcr_2048.tif");

    private const string Script = """
        import sys
        import numpy as np
        from osgeo import gdal
        gdal.UseExceptions()
        n = 2048
        rng = np.random.RandomState(7)
        y, x = np.mgrid[0:n, 0:n].astype(np.float32)
        src = gdal.GetDriverByName('MEM').Create('', n, n, 3, gdal.GDT_Byte)
        for b in range(3):
            a = 40 + 150 * (x + y) / (2 * n) + 40 * np.sin(x / (30 + 10 * b)) * np.cos(y / 45) + rng.normal(0, 6, (n, n))
            src.GetRasterBand(b + 1).WriteArray(np.clip(a, 0, 255).astype(np.uint8))
        src.SetProjection('EPSG:32629')
        src.SetGeoTransform([300000, 10, 0, 4000000, 0, -10])
        gdal.GetDriverByName('COG').CreateCopy(sys.argv[1], src, options=['BLOCKSIZE=512', 'COMPRESS=JPEG', 'QUALITY=75', 'OVERVIEWS=NONE'])
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
            throw new InvalidOperationException($"GDAL could not write the JPEG benchmark COG: {error}");
        }

        File.Move(temporary, Path, overwrite: true);
        return Path;
    }
}

using System.Text.Json;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Sentinel2;

/// <summary>GDAL's Python bindings (<c>/usr/bin/python3</c>) as an independent oracle.</summary>
internal static class GdalOracle
{
    /// <summary>Runs a Python script with arguments and parses its stdout as JSON.</summary>
    public static JsonDocument Run(string script, params string[] args) =>
        JsonDocument.Parse(PythonOracle.RunInline(script, args));

    /// <summary>
    /// Warps files (nearest) onto a north-up grid given by its bounds and pixel size, and returns each
    /// band's pixels row-major, as GDAL computes them.
    /// </summary>
    public static float[][] WarpNearest(IReadOnlyList<string> files, double minX, double minY, double maxX, double maxY, double pixel)
    {
        const string script = """
import sys, json
from osgeo import gdal
gdal.UseExceptions()
minx, miny, maxx, maxy, res = map(float, sys.argv[1:6])
out = []
for f in sys.argv[6:]:
    ds = gdal.Warp('', f, format='MEM', outputBounds=(minx, miny, maxx, maxy), xRes=res, yRes=res, resampleAlg='near')
    out.append([float(v) for v in ds.GetRasterBand(1).ReadAsArray().ravel()])
print(json.dumps(out))
""";
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        using var doc = Run(script, [minX.ToString(inv), minY.ToString(inv), maxX.ToString(inv), maxY.ToString(inv), pixel.ToString(inv), .. files]);
        return doc.RootElement.EnumerateArray().Select(a => a.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();
    }
}

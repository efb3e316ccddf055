using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using SegmentS2.Raster;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Output;

/// <summary>
/// Runs <c>gdal_polygon_oracle.py</c> under /usr/bin/python3 (osgeo.gdal): GDAL rasterises polygons back onto
/// their mask's grid and polygonises the same mask itself, as an oracle independent of <c>MaskPolygonizer</c>.
/// </summary>
internal static class GdalPolygonOracle
{
    /// <summary>A mask and the polygons made of it.</summary>
    public sealed record Case(string Name, byte[] Mask, int Width, int Height, GeoTransform Transform, IReadOnlyList<Polygon> Polygons);

    /// <summary>
    /// GDAL's answer for one case: the polygons rasterised at pixel centres (overlaps add up), GDAL's own
    /// 4-connected polygons of the mask as (area in pixels, holes), and how many of the polygons under test are
    /// topologically equal to one of GDAL's.
    /// </summary>
    public sealed record Answer(byte[] Burned, IReadOnlyList<(double AreaPixels, int Holes)> GdalPolygons, int EqualToGdal);

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Output", "gdal_polygon_oracle.py");

    public static Dictionary<string, Answer> Check(IReadOnlyList<Case> cases)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"segments2-polygon-oracle-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var writer = new WKTWriter();
            var manifest = new List<object>();
            foreach (var c in cases)
            {
                File.WriteAllBytes(Path.Combine(folder, c.Name + ".mask"), c.Mask.AsSpan(0, c.Width * c.Height).ToArray());
                File.WriteAllLines(Path.Combine(folder, c.Name + ".wkt"), c.Polygons.Select(p => writer.Write(p)));
                var t = c.Transform;
                manifest.Add(new { name = c.Name, width = c.Width, height = c.Height, geoTransform = new[] { t.X0, t.Dx, t.Rx, t.Y0, t.Ry, t.Dy } });
            }

            File.WriteAllText(Path.Combine(folder, "cases.json"), JsonSerializer.Serialize(manifest));
            using var result = JsonDocument.Parse(ExternalTool.Run("/usr/bin/python3", Script, folder));
            var answers = new Dictionary<string, Answer>();
            foreach (var c in cases)
            {
                var entry = result.RootElement.GetProperty(c.Name);
                var gdal = entry.GetProperty("gdal").EnumerateArray()
                    .Select(p => (p[0].GetDouble(), p[1].GetInt32()))
                    .ToArray();
                answers[c.Name] = new Answer(File.ReadAllBytes(Path.Combine(folder, c.Name + ".burn")), gdal, entry.GetProperty("equal").GetInt32());
            }

            return answers;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

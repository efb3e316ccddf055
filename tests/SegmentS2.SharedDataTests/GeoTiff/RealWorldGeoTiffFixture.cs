using SegmentS2.Tests.GeoTiff;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.SharedDataTests.GeoTiff;

/// <summary>GDAL's description of every real-world GeoTIFF in shared/data, computed once.</summary>
public sealed class RealWorldGeoTiffFixture
{
    public RealWorldGeoTiffFixture()
    {
        Oracle = GdalOracle.Describe(RealWorldGeoTiffs.Files().Select(f => SharedData.Path(f)));
    }

    /// <summary>GDAL's description by absolute path.</summary>
    public IReadOnlyDictionary<string, OracleDescription> Oracle { get; }
}

/// <summary>The real-world files: GDAL's, rasterio's and rio-tiler's test GeoTIFFs, small S2 crops, and the S2 scene.</summary>
public static class RealWorldGeoTiffs
{
    /// <summary>Paths relative to shared/data.</summary>
    public static IEnumerable<string> Files()
    {
        string root = SharedData.Root;
        IEnumerable<string> geotiffs = Directory.EnumerateFiles(Path.Combine(root, "real-world", "geotiff"), "*.tif", SearchOption.AllDirectories);
        IEnumerable<string> s2 = Directory.EnumerateFiles(Path.Combine(root, "real-world", "s2"));
        IEnumerable<string> scene = Directory.EnumerateFiles(Path.Combine(root, "s2-29RKH-20200219"), "*.tif");
        return geotiffs.Concat(s2).Concat(scene).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal);
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string f in Files())
        {
            data.Add(f);
        }

        return data;
    }
}

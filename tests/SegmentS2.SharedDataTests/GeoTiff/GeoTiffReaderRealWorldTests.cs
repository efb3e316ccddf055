using System.Text.Json;
using SegmentS2.GeoTiff;
using SegmentS2.Tests.GeoTiff;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.SharedDataTests.GeoTiff;

/// <summary>
/// Files nobody here wrote: each one either reads exactly as GDAL reads it, or is refused with a typed
/// exception whose message names the reason. Which files are refused, and why, is listed here.
/// </summary>
public class GeoTiffReaderRealWorldTests(RealWorldGeoTiffFixture realWorld) : IClassFixture<RealWorldGeoTiffFixture>
{
    /// <summary>Valid files GDAL reads that this reader refuses on purpose, with a fragment of the message.</summary>
    private static readonly Dictionary<string, (Type Exception, string Reason)> Refused = new()
    {
        ["byte_lerc.tif"] = (typeof(UnsupportedGeoTiffException), "LERC compression"),
        ["tif_webp.tif"] = (typeof(UnsupportedGeoTiffException), "WEBP compression"),
        ["cint16.tif"] = (typeof(UnsupportedGeoTiffException), "Complex samples"),
        ["float16.tif"] = (typeof(UnsupportedGeoTiffException), "16-bit floating-point samples"),
        ["int12.tif"] = (typeof(UnsupportedGeoTiffException), "12-bit unsigned integer samples"),
        // A real JPEG 2000 file: GDAL reads it with another driver.
        ["torchgeo_synthetic_T26EMU_20220414T110751_B04_10m.jp2"] = (typeof(GeoTiffFormatException), "Not a TIFF file"),
    };

    /// <summary>
    /// Files whose EPSG code differs from GDAL's on purpose: the reader reports the code the GeoKeys
    /// declare, while GDAL builds a CRS that no longer carries that code.
    /// </summary>
    private static readonly Dictionary<string, int> DeclaredEpsg = new()
    {
        // ProjectedCSTypeGeoKey 32631 over a 3D geographic base (EPSG:4979); GDAL keeps the name "WGS 84 / UTM zone 31N" but drops the code.
        ["epsg32631_4979_geotiff1_1.tif"] = 32631,
    };

    public static TheoryData<string> Files => RealWorldGeoTiffs.Names();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Reads_like_gdal_or_refuses_with_a_reason(string file)
    {
        string path = SharedData.Path(file);
        OracleDescription gdal = realWorld.Oracle[path];
        Exception? error = await Record.ExceptionAsync(async () =>
        {
            await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(path);
            string[] hashes = await OracleAssert.BandHashesAsync(reader.Image);
            if (gdal.Error is null)
            {
                string name = Path.GetFileName(file);
                OracleDescription expected = DeclaredEpsg.TryGetValue(name, out int epsg) ? gdal with { Epsg = epsg } : gdal;
                OracleAssert.Matches(expected, reader.Image, hashes, file);

                // GDAL lists SubIFD overviews smallest first; the reader always lists them largest first.
                Assert.Equal(gdal.Overviews!.Select(o => o.Size).OrderByDescending(s => s[0]), reader.Overviews.Select(o => new[] { o.Width, o.Height }));
            }
        });

        if (Refused.TryGetValue(Path.GetFileName(file), out var refusal))
        {
            Assert.True(gdal.Error is null, $"GDAL now fails on {file}: {gdal.Error}");
            Assert.IsType(refusal.Exception, error);
            Assert.Contains(refusal.Reason, error!.Message, StringComparison.Ordinal);
        }
        else if (gdal.Error is not null)
        {
            // Corrupt files: GDAL fails, and so must we, with a typed error.
            Assert.True(error is GeoTiffFormatException or UnsupportedGeoTiffException,
                $"{file}: GDAL fails ({gdal.Error}); ours: {error?.GetType().Name ?? "no error"} {error?.Message}");
        }
        else if (error is not null)
        {
            Assert.Fail($"{file}: {error.GetType().Name}: {error.Message}");
        }
    }

    [Trait(Tool.Trait, Tool.Cli)]
    [Fact]
    public async Task Info_command_on_the_s2_scene_matches_gdal()
    {
        string path = SharedData.Path("s2-29RKH-20200219", "TCI.tif");
        var output = new StringWriter();
        int exit = await Tool.RunAsync(["info", path, "--json", "--checksum"], output, new StringWriter());

        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        OracleAssert.CliJsonMatches(realWorld.Oracle[path], json.RootElement, path);
        Assert.Equal("contig", json.RootElement.GetProperty("planarConfig").GetString());
        Assert.True(json.RootElement.GetProperty("tiled").GetBoolean());
    }
}

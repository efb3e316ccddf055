using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.GeoKeys;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff.GeoKeys;

/// <summary>
/// GDAL escapes metadata values twice (CPLEscapeString, then its XML writer) and unescapes them twice on reading;
/// band descriptions with &lt; &amp; &quot; must read back as GDAL reads them, from GDAL's files and from ours.
/// </summary>
public sealed class GdalMetadataEscapingTests : IDisposable
{
    private const string Tricky = "mask_prompt_<script>a&b\"q'&amp;&#x41;;";
    private readonly string _folder = Directory.CreateTempSubdirectory("gdal-escaping-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Descriptions_gdal_wrote_read_back_as_gdal_reads_them()
    {
        string path = Path.Combine(_folder, "gdal.tif");
        using var gdal = SegmentS2.Tests.Sentinel2.GdalOracle.Run("""
import sys, json
from osgeo import gdal
gdal.UseExceptions()
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 4, 4, 2)
ds.GetRasterBand(1).SetDescription(sys.argv[2])
ds.GetRasterBand(2).SetDescription('plain')
ds = None
ds = gdal.Open(sys.argv[1])
print(json.dumps([ds.GetRasterBand(i + 1).GetDescription() for i in range(2)]))
""", path, Tricky);
        Assert.Equal([Tricky, "plain"], gdal.RootElement.EnumerateArray().Select(e => e.GetString()));

        await using var reader = await GeoTiffReader.OpenAsync(path);
        Assert.Equal([Tricky, "plain"], reader.Image.BandDescriptions);
    }

    [Fact]
    public async Task Descriptions_we_write_read_back_the_same_in_gdal_and_in_our_reader()
    {
        string path = Path.Combine(_folder, "ours.tif");
        await GeoTiffWriter.WriteAsync<byte>(path, 4, 4, 1, new byte[16],
            new GeoTiffWriteOptions { Epsg = 32631, GeoTransform = new GeoTransform(0, 10, 0, 0, 0, -10), BandDescriptions = [Tricky] });
        using var gdal = SegmentS2.Tests.Sentinel2.GdalOracle.Run("""
import sys, json
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
print(json.dumps(ds.GetRasterBand(1).GetDescription()))
""", path);
        Assert.Equal(Tricky, gdal.RootElement.GetString());
        await using var reader = await GeoTiffReader.OpenAsync(path);
        Assert.Equal(Tricky, Assert.Single(reader.Image.BandDescriptions));
    }

    [Theory]
    [InlineData("a &lt;b&gt; &amp;amp; &quot;&apos;", "a <b> &amp; \"'")]
    [InlineData("&#65;&#x42;&#x1F642;", "AB🙂")]
    [InlineData("&unknown; & &#xD800; &#;&", "&unknown; & &#xD800; &#;&")]
    [InlineData("no entities", "no entities")]
    public void One_unescape_undoes_cpl_escaping_and_keeps_everything_else(string escaped, string text) =>
        Assert.Equal(text, GdalMetadata.UnescapeOnce(escaped));
}

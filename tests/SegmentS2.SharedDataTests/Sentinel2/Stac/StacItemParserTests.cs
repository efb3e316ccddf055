using System.Text.Json;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Tests.Sentinel2.Stac;

namespace SegmentS2.SharedDataTests.Sentinel2.Stac;

public class StacItemParserTests
{
    private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllText(SharedData.Stac(file)));

    [Fact]
    public void Planetary_computer_search_response_parses_all_33_items_with_every_band()
    {
        using var doc = Load("pc_search_sentinel-2-l2a_20190101_response.json");
        var items = doc.RootElement.GetProperty("features").EnumerateArray().Select(StacItemParser.Parse).ToList();

        Assert.Equal(33, items.Count);
        Assert.All(items, item =>
        {
            Assert.Equal("sentinel-2-l2a", item.Collection);
            Assert.Equal("sentinel-2a", item.Platform);
            Assert.Equal(116, item.RelativeOrbit);
            Assert.Equal("02.12", item.ProcessingBaseline);
            Assert.Contains(item.Epsg!.Value, new[] { 32658, 32659, 32660 });
            Assert.NotNull(item.Footprint);
            foreach (var band in S2Bands.All)
            {
                var asset = item.FindBand(band);
                Assert.NotNull(asset);
                Assert.Equal(band, asset.Key);
                Assert.Null(asset.Scale);
            }

            Assert.Null(item.Assets["visual"].BandId);
            Assert.Contains($"_T{item.MgrsTile}_", item.Id);
        });

        var first = items[0];
        Assert.Equal("S2A_MSIL2A_20190101T000001_R116_T60VUK_20201007T214652", first.Id);
        Assert.Equal("60VUK", first.MgrsTile);
        Assert.Equal(32660, first.Epsg);
        Assert.Equal(56.297088, first.CloudCover);
        Assert.Equal(new DateTimeOffset(2019, 1, 1, 0, 0, 1, 24, TimeSpan.Zero), first.DateTime);
        Assert.EndsWith("/IMG_DATA/R10m/T60VUK_20190101T000001_B04_10m.tif", first.FindBand("B04")!.Href);
        Assert.EndsWith("/IMG_DATA/R20m/T60VUK_20190101T000001_SCL_20m.tif", first.FindBand("SCL")!.Href);
    }

    [Fact]
    public void Planetary_computer_item_file_parses()
    {
        using var doc = Load("pc_item_sentinel-2-l2a_S2A_MSIL2A_20190101T000001_R116_T60VUK_20201007T214652.json");
        var item = StacItemParser.Parse(doc.RootElement);

        Assert.Equal("60VUK", item.MgrsTile);
        Assert.Equal(32660, item.Epsg);
        Assert.Equal(116, item.RelativeOrbit);
        Assert.EndsWith("T60VUK_20190101T000001_B8A_20m.tif", item.FindBand("B8A")!.Href);
        Assert.StartsWith("https://sentinel2l2a01.blob.core.windows.net/", item.FindBand("B8A")!.Href);
        Assert.False(item.BoaOffsetApplied);
    }

    [Fact]
    public void Planetary_computer_collection_item_assets_map_every_band_by_key_and_nothing_else()
    {
        using var doc = Load("pc_collection_sentinel-2-l2a.json");
        var mapped = doc.RootElement.GetProperty("item_assets").EnumerateObject()
            .Select(p => (p.Name, Band: StacItemParser.BandIdOf(p.Name, p.Value)))
            .Where(x => x.Band is not null)
            .ToList();

        Assert.Equal(S2Bands.All.Order(), mapped.Select(m => m.Band!).Order());
        Assert.All(mapped, m => Assert.Equal(m.Name, m.Band));
    }

    [Fact]
    public void Earth_search_item_maps_common_names_skips_jp2_and_reads_raster_scale_offset()
    {
        using var doc = Load("earthsearch_search_sentinel-2-l2a_landsat_20231008_response.json");
        var feature = doc.RootElement.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("collection").GetString() == "sentinel-2-l2a");
        var item = StacItemParser.Parse(feature);

        Assert.Equal("S2A_13TDE_20231008_0_L2A", item.Id);
        Assert.Equal("13TDE", item.MgrsTile);
        Assert.Equal(32613, item.Epsg);
        Assert.Equal("05.09", item.ProcessingBaseline);
        Assert.Equal(141, item.RelativeOrbit); // from s2:product_uri ..._N0509_R141_T13TDE_...
        Assert.True(item.BoaOffsetApplied);
        var expected = new Dictionary<string, string>
        {
            ["coastal"] = "B01",
            ["blue"] = "B02",
            ["green"] = "B03",
            ["red"] = "B04",
            ["rededge1"] = "B05",
            ["rededge2"] = "B06",
            ["rededge3"] = "B07",
            ["nir"] = "B08",
            ["nir08"] = "B8A",
            ["nir09"] = "B09",
            ["swir16"] = "B11",
            ["swir22"] = "B12",
            ["scl"] = "SCL",
        };
        foreach (var (key, band) in expected)
        {
            Assert.Equal(band, item.Assets[key].BandId);
            Assert.Same(item.Assets[key], item.FindBand(band));
        }

        Assert.Null(item.Assets["red-jp2"].BandId);
        Assert.Null(item.Assets["visual"].BandId);
        Assert.Equal(0.0001, item.Assets["red"].Scale);
        Assert.Equal(-0.1, item.Assets["red"].Offset);
        Assert.EndsWith("/B04.tif", item.Assets["red"].Href);
    }

    [Fact]
    public void Item_without_datetime_is_refused_by_id()
    {
        using var doc = JsonDocument.Parse("""{"type":"Feature","id":"x1","properties":{},"assets":{}}""");
        var ex = Assert.Throws<InvalidStacItemException>(() => StacItemParser.Parse(doc.RootElement));
        Assert.Contains("x1", ex.Message);
        Assert.Contains("datetime", ex.Message);
    }

    [Fact]
    public void Item_with_bad_geometry_is_refused_by_id()
    {
        using var doc = JsonDocument.Parse("""{"type":"Feature","id":"g1","geometry":{"type":"Polygon","coordinates":"nope"},"properties":{"datetime":"2020-01-01T00:00:00Z"},"assets":{}}""");
        var ex = Assert.Throws<InvalidStacItemException>(() => StacItemParser.Parse(doc.RootElement));
        Assert.Contains("g1", ex.Message);
    }
}

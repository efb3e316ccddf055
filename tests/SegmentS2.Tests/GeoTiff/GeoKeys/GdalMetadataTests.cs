using SegmentS2.GeoTiff.GeoKeys;

namespace SegmentS2.Tests.GeoTiff.GeoKeys;

public class GdalMetadataTests
{
    [Fact]
    public void Reads_scale_offset_and_descriptions_per_band()
    {
        const string xml = """
            <GDALMetadata>
              <Item name="AREA_OR_POINT">Area</Item>
              <Item name="OFFSET" sample="0" role="offset">-0.1</Item>
              <Item name="SCALE" sample="0" role="scale">0.0001</Item>
              <Item name="DESCRIPTION" sample="1" role="description">nir</Item>
              <Item name="SCALE" sample="2" role="scale">2</Item>
              <Item name="SCALE" sample="9" role="scale">5</Item>
              <Item name="OTHER" domain="IMAGERY" sample="0" role="scale">7</Item>
            </GDALMetadata>
            """;

        GdalMetadata m = GdalMetadata.Parse(xml, bandCount: 3);

        Assert.Equal(new[] { 0.0001, 1.0, 2.0 }, m.Scales);
        Assert.Equal(new[] { -0.1, 0.0, 0.0 }, m.Offsets);
        Assert.Equal(new[] { null, "nir", null }, m.Descriptions);
    }

    [Fact]
    public void Without_scale_or_offset_items_there_are_none()
    {
        GdalMetadata m = GdalMetadata.Parse("<GDALMetadata><Item name=\"X\">1</Item></GDALMetadata>", bandCount: 2);
        Assert.Null(m.Scales);
        Assert.Null(m.Offsets);
        Assert.Equal(new string?[2], m.Descriptions);
    }

    [Theory]
    [InlineData("<GDALMetadata><Item")]
    [InlineData("<!DOCTYPE x [<!ENTITY a 'b'>]><GDALMetadata/>")]
    public void Malformed_or_dtd_xml_is_ignored(string xml)
    {
        GdalMetadata m = GdalMetadata.Parse(xml, bandCount: 1);
        Assert.Null(m.Scales);
        Assert.Equal(new string?[1], m.Descriptions);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using SegmentS2.Prompts;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Tests.Sentinel2;

namespace SegmentS2.Tests.Reliability.Fuzzing;

/// <summary>The inputs the fuzzers found that escaped as untyped exceptions, reduced by hand, now typed or accepted.</summary>
public class FuzzFindingsTests
{
    private const string Item = """
        {"type":"Feature","id":"S2A_MSIL2A_20190101T000001_R١١٦_T60VUK_20201007T214652","properties":{"datetime":"2019-01-01T00:00:01Z"},"assets":{}}
        """;

    [Fact]
    public void Other_scripts_digits_in_an_item_id_are_no_orbit_or_tile()
    {
        // \d matched Arabic-Indic digits, which int.Parse refuses: a FormatException out of the parser.
        using var document = JsonDocument.Parse(Item);
        var item = StacItemParser.Parse(document.RootElement);
        Assert.Null(item.RelativeOrbit);
        Assert.Equal("60VUK", item.MgrsTile);

        using var valid = JsonDocument.Parse(Item.Replace("R١١٦", "R116", StringComparison.Ordinal));
        Assert.Equal(116, StacItemParser.Parse(valid.RootElement).RelativeOrbit);

        using var tile = JsonDocument.Parse(Item.Replace("_T60VUK_", "_T٦٠VUK_", StringComparison.Ordinal).Replace("_R١١٦_", "_R116_", StringComparison.Ordinal));
        var other = StacItemParser.Parse(tile.RootElement);
        Assert.Equal(116, other.RelativeOrbit);
        Assert.Null(other.MgrsTile);
    }

    [Theory]
    [InlineData("""{"type":"Feature","id":"x","properties":{"datetime":"2019-01-01T00:00:01Z","platform":"sentinel-2ÿ"},"assets":{}}""", true)]
    [InlineData("""{"type":"Feature","id":"x","properties":{"datetime":"2019-01-01T00:00:01Z","\udc00":1},"assets":{"B04":{"href":"\ud800"}}}""", false)]
    public void Text_that_is_not_unicode_inside_an_item_is_an_invalid_item(string json, bool badUtf8)
    {
        // JsonDocument checks UTF-8 and \u escapes only when a string is read: an InvalidOperationException deep in parsing.
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        if (badUtf8)
        {
            bytes = bytes.Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray(); // ÿ's lead byte, now no UTF-8
        }

        using var document = JsonDocument.Parse(bytes);
        var ex = Assert.Throws<InvalidStacItemException>(() => StacItemParser.Parse(document.RootElement));
        Assert.Contains("not valid Unicode", ex.Message);
        Assert.Contains("\"x\"", ex.Message);
    }

    [Fact]
    public async Task A_search_page_that_is_not_utf8_is_a_stac_api_error()
    {
        var page = Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[{"type":"Feature","id":"aÿb"}]}""").Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray();
        var handler = new StubHttpHandler((_, _, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(page) });
        var client = new StacSearchClient(new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<StacApiException>(async () =>
        {
            await foreach (var _ in client.SearchAsync(new Uri("https://pc.test/api/stac/v1/search"), []))
            {
            }
        });
        Assert.Contains("not valid UTF-8", ex.Message);
    }

    [Fact]
    public async Task A_next_link_body_nested_deeper_than_json_nodes_allow_is_a_stac_api_error()
    {
        // The page may nest 256 levels, JsonNode only 64: a JsonReaderException out of the paging.
        string deep = new string('[', 100) + new string(']', 100);
        string page = """{"type":"FeatureCollection","features":[],"links":[{"rel":"next","method":"POST","href":"https://pc.test/api/stac/v1/search","body":{"token":DEEP}}]}"""
            .Replace("DEEP", deep, StringComparison.Ordinal);
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json(page));
        var client = new StacSearchClient(new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<StacApiException>(async () =>
        {
            await foreach (var _ in client.SearchAsync(new Uri("https://pc.test/api/stac/v1/search"), []))
            {
            }
        });
        Assert.Contains("'next' link", ex.Message);
    }

    [Fact]
    public async Task A_token_expiring_at_the_start_of_time_is_renewed_on_next_use_not_a_crash()
    {
        // expiry - margin underflowed DateTimeOffset.MinValue: an ArgumentOutOfRangeException.
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json("""{"msft:expiry":"0001-01-01T00:00:00Z","token":"se=1&sig=abc"}"""));
        var provider = new SasTokenProvider(new HttpClient(handler), new PlanetaryComputerOptions { ApiUrl = new Uri("https://pc.test/api") });

        var token = await provider.GetAsync("sentinel-2-l2a");
        await provider.GetAsync("sentinel-2-l2a");

        Assert.Equal(DateTimeOffset.MinValue, token.Expiry);
        Assert.Equal(2, handler.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Prompts_that_are_not_unicode_are_malformed_prompts(bool badUtf8)
    {
        string json = """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"prompt_id":"ÿ","label":1,"\ud800":0}}]}""";
        byte[] bytes = Encoding.UTF8.GetBytes(badUtf8 ? json.Replace(",\"\\ud800\":0", "", StringComparison.Ordinal) : json.Replace("ÿ", "y", StringComparison.Ordinal));
        if (badUtf8)
        {
            bytes = bytes.Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray();
        }

        var encoder = new GeoJsonPromptEncoder();
        var ex = await Assert.ThrowsAsync<PromptValidationException>(() => encoder.ReadGeoJsonAsync(new MemoryStream(bytes)));
        Assert.Equal(PromptValidationRule.MalformedJson, ex.Rule);
    }
}

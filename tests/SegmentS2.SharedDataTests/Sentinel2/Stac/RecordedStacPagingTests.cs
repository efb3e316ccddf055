using System.Text.Json.Nodes;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Tests.Sentinel2;

namespace SegmentS2.SharedDataTests.Sentinel2.Stac;

/// <summary><see cref="StacSearchClient"/> paging replayed from search responses recorded by public STAC test suites.</summary>
public class RecordedStacPagingTests
{
    private static readonly Uri SearchUrl = new("https://planetarycomputer.microsoft.com/api/stac/v1/search");

    private static JsonNode Recorded(string file) => JsonNode.Parse(File.ReadAllText(SharedData.Stac(file)))!;

    [Fact]
    public async Task Naip_paging_follows_next_links_with_the_token_in_the_post_body()
    {
        var page1 = Recorded("pc_search_naip_paging_page1.json");
        var page2 = Recorded("pc_search_naip_paging_page2.json");
        var handler = new StubHttpHandler((_, _, n) => n switch
        {
            1 => StubHttpHandler.Json(page1["response_body"]!.ToJsonString()),
            2 => StubHttpHandler.Json(page2["response_body"]!.ToJsonString()),
            _ => StubHttpHandler.Json("""{"type":"FeatureCollection","features":[],"links":[]}"""),
        });
        var client = new StacSearchClient(new HttpClient(handler));

        var ids = new List<string>();
        await foreach (var f in client.SearchAsync(SearchUrl, page1["request"]!["body"]!.AsObject()))
        {
            ids.Add(f.GetProperty("id").GetString()!);
        }

        Assert.Equal(20, ids.Count);
        Assert.Equal(3, handler.Count); // page 2 links a third page
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.True(JsonNode.DeepEquals(page1["request"]!["body"], JsonNode.Parse(handler.Requests[0].Body!)));
        // The second request is exactly what Planetary Computer recorded for page 2: the same search plus the token.
        Assert.True(JsonNode.DeepEquals(page2["request"]!["body"], JsonNode.Parse(handler.Requests[1].Body!)));
        Assert.Equal("next:naip:vt_m_4307307_ne_18_h_20160805", JsonNode.Parse(handler.Requests[2].Body!)!["token"]!.GetValue<string>());
        Assert.Equal(page2["response_body"]!["features"]![0]!["id"]!.GetValue<string>(), ids[10]);
    }

    [Fact]
    public async Task Earth_search_next_link_body_replaces_the_body_when_merge_is_false()
    {
        var response = File.ReadAllText(SharedData.Stac("earthsearch_search_sentinel-2-l2a_landsat_20231008_response.json"));
        var link = JsonNode.Parse(response)!["links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "next")!;
        var handler = new StubHttpHandler((_, _, n) => n == 1
            ? StubHttpHandler.Json(response)
            : StubHttpHandler.Json("""{"type":"FeatureCollection","features":[]}"""));
        var client = new StacSearchClient(new HttpClient(handler));

        int count = 0;
        await foreach (var _ in client.SearchAsync(new Uri("https://earth-search.aws.element84.com/v1/search"), new JsonObject { ["collections"] = new JsonArray("sentinel-2-l2a") }))
        {
            count++;
        }

        Assert.Equal(2, count);
        Assert.Equal(2, handler.Count);
        Assert.True(JsonNode.DeepEquals(link["body"], JsonNode.Parse(handler.Requests[1].Body!)));
    }
}

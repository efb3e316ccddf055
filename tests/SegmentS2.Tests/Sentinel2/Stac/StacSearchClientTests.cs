using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SegmentS2.Sentinel2.Stac;

namespace SegmentS2.Tests.Sentinel2.Stac;

public class StacSearchClientTests
{
    private static readonly Uri SearchUrl = new("https://planetarycomputer.microsoft.com/api/stac/v1/search");

    [Fact]
    public async Task Merge_true_merges_the_link_body_into_the_previous_body()
    {
        var handler = new StubHttpHandler((_, _, n) => n == 1
            ? StubHttpHandler.Json("""{"type":"FeatureCollection","features":[{"id":"a"}],"links":[{"rel":"next","method":"POST","href":"https://x.test/search","merge":true,"body":{"token":"t2"}}]}""")
            : StubHttpHandler.Json("""{"type":"FeatureCollection","features":[{"id":"b"}]}"""));
        var client = new StacSearchClient(new HttpClient(handler));
        var body = new JsonObject { ["collections"] = new JsonArray("c"), ["limit"] = 1 };

        var ids = new List<string>();
        await foreach (var f in client.SearchAsync(new Uri("https://x.test/search"), body))
        {
            ids.Add(f.GetProperty("id").GetString()!);
        }

        Assert.Equal(["a", "b"], ids);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"collections":["c"],"limit":1,"token":"t2"}"""), JsonNode.Parse(handler.Requests[1].Body!)));
    }

    [Fact]
    public async Task Get_next_link_is_followed_with_get()
    {
        var handler = new StubHttpHandler((_, _, n) => n == 1
            ? StubHttpHandler.Json("""{"type":"FeatureCollection","features":[{"id":"a"}],"links":[{"rel":"next","href":"https://x.test/search?token=abc&limit=1"}]}""")
            : StubHttpHandler.Json("""{"type":"FeatureCollection","features":[{"id":"b"}]}"""));
        var client = new StacSearchClient(new HttpClient(handler));

        int count = 0;
        await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), []))
        {
            count++;
        }

        Assert.Equal(2, count);
        Assert.Equal(HttpMethod.Get, handler.Requests[1].Method);
        Assert.Equal("?token=abc&limit=1", handler.Requests[1].Url.Query);
        Assert.Null(handler.Requests[1].Body);
    }

    [Fact]
    public async Task Max_items_stops_paging_early()
    {
        var handler = new StubHttpHandler((_, _, n) => StubHttpHandler.Json(
            $$$"""{"type":"FeatureCollection","features":[{"id":"a{{{n}}}"},{"id":"b{{{n}}}"}],"links":[{"rel":"next","method":"POST","href":"https://x.test/search","body":{"token":"{{{n}}}"}}]}"""));
        var client = new StacSearchClient(new HttpClient(handler));

        int count = 0;
        await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), [], maxItems: 3))
        {
            count++;
        }

        Assert.Equal(3, count);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Endless_paging_is_stopped_at_the_page_limit()
    {
        var handler = new StubHttpHandler((_, _, n) => StubHttpHandler.Json(
            $$$"""{"type":"FeatureCollection","features":[],"links":[{"rel":"next","method":"POST","href":"https://x.test/search","body":{"token":"{{{n}}}"}}]}"""));
        var client = new StacSearchClient(new HttpClient(handler), new StacClientOptions { MaxPages = 5 });

        var ex = await Assert.ThrowsAsync<StacApiException>(async () => { await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), [])) { } });
        Assert.Contains("5 pages", ex.Message);
        Assert.Equal(5, handler.Count);
    }

    [Fact]
    public async Task Repeated_next_link_is_reported_as_broken_paging()
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json(
            """{"type":"FeatureCollection","features":[],"links":[{"rel":"next","method":"POST","href":"https://x.test/search","body":{"token":"same"}}]}"""));
        var client = new StacSearchClient(new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<StacApiException>(async () => { await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), [])) { } });
        Assert.Contains("same 'next' link twice", ex.Message);
    }

    [Fact]
    public async Task Html_answer_is_a_typed_error_naming_the_url_without_query()
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Text("<html><body><h1>Sign in</h1></body></html>", "text/html"));
        var client = new StacSearchClient(new HttpClient(handler));

        var ex = await Assert.ThrowsAsync<StacApiException>(async () =>
        {
            await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search?sig=SECRET"), [])) { }
        });
        Assert.Contains("HTML", ex.Message);
        Assert.Contains("https://x.test/search", ex.Message);
        Assert.DoesNotContain("SECRET", ex.Message);
        Assert.Equal("https://x.test/search", ex.Url);
    }

    [Fact]
    public async Task Html_without_content_type_is_recognised()
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Text("  <!DOCTYPE html><html></html>", "application/json"));
        var client = new StacSearchClient(new HttpClient(handler));
        var ex = await Assert.ThrowsAsync<StacApiException>(async () => { await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), [])) { } });
        Assert.Contains("HTML", ex.Message);
    }

    [Fact]
    public async Task Malformed_json_is_a_typed_error()
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json("""{"type":"FeatureCollection","features":[{"id":"a"},"""));
        var client = new StacSearchClient(new HttpClient(handler));
        var ex = await Assert.ThrowsAsync<StacApiException>(async () => { await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), [])) { } });
        Assert.Contains("malformed JSON", ex.Message);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task Json_that_is_no_item_collection_is_a_typed_error()
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json("""{"message":"hello"}"""));
        var client = new StacSearchClient(new HttpClient(handler));
        var ex = await Assert.ThrowsAsync<StacApiException>(async () => { await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), [])) { } });
        Assert.Contains("features", ex.Message);
    }

    [Fact]
    public async Task Error_status_is_reported_with_status_and_body()
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json("""{"code":"BadRequest","description":"bad datetime"}""", HttpStatusCode.BadRequest));
        var client = new StacSearchClient(new HttpClient(handler));
        var ex = await Assert.ThrowsAsync<StacApiException>(async () => { await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), [])) { } });
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("400", ex.Message);
        Assert.Contains("bad datetime", ex.Message);
    }

    [Fact]
    public async Task Oversize_response_is_refused()
    {
        var big = """{"type":"FeatureCollection","features":[""" + string.Join(",", Enumerable.Repeat("""{"id":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""", 200)) + "]}";
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json(big));
        var client = new StacSearchClient(new HttpClient(handler), new StacClientOptions { MaxResponseBytes = 2048 });
        var ex = await Assert.ThrowsAsync<StacApiException>(async () => { await foreach (var _ in client.SearchAsync(new Uri("https://x.test/search"), [])) { } });
        Assert.Contains("2048-byte limit", ex.Message);
    }
}

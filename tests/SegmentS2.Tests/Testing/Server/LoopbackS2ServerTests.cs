using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Sentinel2;

namespace SegmentS2.Tests.Testing.Server;

public sealed class LoopbackS2ServerTests : IAsyncLifetime
{
    private readonly string _file = Path.GetTempFileName();
    private readonly byte[] _bytes = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
    private LoopbackS2Server _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(_file, _bytes);
        var scene = ServerScenes.MetadataOnly(0);
        var tile = scene.Tiles[0];
        scene = scene with { Tiles = [tile with { Bands = tile.Bands.ToDictionary(b => b.Key, b => b.Value with { Path = _file }) }] };
        _server = await LoopbackS2Server.StartAsync();
        _server.AddScene(scene);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        File.Delete(_file);
    }

    private async Task<JsonObject> Search(string body)
    {
        using var response = await _http.PostAsync(new Uri(_server.PlanetaryComputerApiUrl + "/stac/v1/search"), new StringContent(body, Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<string> S3Path()
    {
        using var response = await _http.PostAsync(new Uri(_server.EarthSearchApiUrl + "/search"), new StringContent("{}", Encoding.UTF8, "application/json"));
        var item = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["features"]![0]!;
        return item["assets"]!["red"]!["href"]!.GetValue<string>();
    }

    [Fact]
    public async Task Token_answer_has_the_planetary_computer_shape()
    {
        var token = JsonNode.Parse(await _http.GetStringAsync(new Uri(_server.PlanetaryComputerApiUrl + "/sas/v1/token/sentinel-2-l2a")))!.AsObject();
        Assert.Equal(["msft:expiry", "token"], token.Select(p => p.Key).Order());
        Assert.Contains("sig=", token["token"]!.GetValue<string>());
        var expiry = DateTimeOffset.Parse(token["msft:expiry"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Items_look_like_planetary_computer_items()
    {
        var page = await Search("""{"collections":["sentinel-2-l2a"]}""");
        var item = page["features"]![0]!;
        var props = item["properties"]!;
        Assert.Equal("S2A_MSIL2A_20230601T103000_R008_T31UDQ_20230601T133000", item["id"]!.GetValue<string>());
        Assert.Equal(32631, props["proj:epsg"]!.GetValue<int>());
        Assert.Equal("31UDQ", props["s2:mgrs_tile"]!.GetValue<string>());
        Assert.Equal("05.09", props["s2:processing_baseline"]!.GetValue<string>());
        Assert.Equal(8, props["sat:relative_orbit"]!.GetValue<int>());
        Assert.StartsWith("https://sentinel2l2a01.blob.core.windows.net/sentinel2-l2/31/U/DQ/2023/06/01/", item["assets"]!["B04"]!["href"]!.GetValue<string>());
        Assert.Equal(new[] { 10.0, 0, 399960, 0, -10, 5400000 }, item["assets"]!["B04"]!["proj:transform"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Theory]
    [InlineData("bytes=10-19", 10, 19)]
    [InlineData("bytes=2990-", 2990, 2999)]
    [InlineData("bytes=-5", 2995, 2999)]
    [InlineData("bytes=2995-5000", 2995, 2999)]
    public async Task Ranges_are_served_with_content_range(string range, int from, int to)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, await S3Path());
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(_bytes[from..(to + 1)], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(new ContentRangeHeaderValue(from, to, 3000), response.Content.Headers.ContentRange);
    }

    [Fact]
    public async Task Unsatisfiable_range_is_416()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, await S3Path());
        request.Headers.Range = new RangeHeaderValue(5000, 6000);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Fact]
    public async Task Bad_search_is_400_with_a_description()
    {
        using var response = await _http.PostAsync(new Uri(_server.PlanetaryComputerApiUrl + "/stac/v1/search"), new StringContent("""{"limit":0}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit 0", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Counters_count_requests_and_bytes_per_path()
    {
        var href = await S3Path();
        var request = new HttpRequestMessage(HttpMethod.Get, href);
        request.Headers.Range = new RangeHeaderValue(0, 99);
        (await _http.SendAsync(request)).Dispose();
        var path = new Uri(href).AbsolutePath;
        Assert.Equal(1, _server.Counters.Requests(path));
        Assert.Equal(100, _server.Counters.Bytes(path));
    }

    [Fact]
    public async Task Random_faults_are_the_same_for_the_same_seed()
    {
        async Task<string> Pattern(int seed)
        {
            await using var server = await LoopbackS2Server.StartAsync();
            server.Faults.AddRandom(seed, 0.5, ServerRoute.Token, FaultKind.ServiceUnavailable, FaultKind.InternalServerError);
            var codes = new StringBuilder();
            for (int i = 0; i < 20; i++)
            {
                using var response = await _http.GetAsync(new Uri(server.PlanetaryComputerApiUrl + "/sas/v1/token/x"));
                codes.Append((int)response.StatusCode).Append(' ');
            }

            return codes.ToString();
        }

        var first = await Pattern(42);
        Assert.Equal(first, await Pattern(42));
        Assert.Contains("200", first);
        Assert.Contains("50", first);
    }
}

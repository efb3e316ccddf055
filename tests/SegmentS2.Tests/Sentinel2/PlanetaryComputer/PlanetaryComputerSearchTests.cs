using System.Net;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Sentinel2.PlanetaryComputer;

public class PlanetaryComputerSearchTests
{
    private static async Task<LoopbackS2Server> ServerWith(int scenes, LoopbackS2ServerOptions? options = null)
    {
        var server = await LoopbackS2Server.StartAsync(options);
        for (int d = 0; d < scenes; d++)
        {
            server.AddScene(ServerScenes.MetadataOnly(d, cloud: d));
        }

        return server;
    }

    private static S2SearchRequest Request(int days = 60, int pageSize = 10) =>
        new(ServerScenes.TileRoi, ServerScenes.Start, ServerScenes.Start.AddDays(days)) { PageSize = pageSize };

    [Theory]
    [InlineData(StacPagingStyle.PostBody)]
    [InlineData(StacPagingStyle.GetHref)]
    public async Task Search_follows_three_or_more_pages(StacPagingStyle paging)
    {
        await using var server = await ServerWith(25, new LoopbackS2ServerOptions { Paging = paging });
        using var source = new PlanetaryComputerSource(ServerScenes.Client(), server.CreatePlanetaryComputerOptions());

        var scenes = await source.SearchAsync(Request(pageSize: 10));

        Assert.Equal(25, scenes.Count);
        Assert.Equal(3, server.Counters.Requests(ServerRoute.Search));
        Assert.Equal(25, scenes.Select(s => s.Id).Distinct().Count());
        Assert.True(scenes.Zip(scenes.Skip(1)).All(p => p.First.DateTime < p.Second.DateTime));
        var item = scenes[0].Items.Single();
        Assert.Equal("31UDQ", item.MgrsTile);
        Assert.StartsWith("https://sentinel2l2a01.blob.core.windows.net/sentinel2-l2/31/U/DQ/2023/06/01/", item.FindBand("B04")!.Href);
    }

    [Fact]
    public async Task Cloud_limit_and_time_range_are_applied()
    {
        await using var server = await ServerWith(25);
        using var source = new PlanetaryComputerSource(ServerScenes.Client(), server.CreatePlanetaryComputerOptions());

        var scenes = await source.SearchAsync(new S2SearchRequest(ServerScenes.TileRoi, ServerScenes.Start.AddDays(5), ServerScenes.Start.AddDays(20)) { MaxCloudCover = 12 });

        // Days 5..19 fall in the range (day 20's scene is at 10:30, after the end); cloud = day < 12 keeps 5..11.
        Assert.Equal(7, scenes.Count);
        Assert.All(scenes, s => Assert.True(s.CloudCover < 12));
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.InternalServerError)]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.TruncatedBody)]
    [InlineData(FaultKind.WrongContentLength)]
    public async Task Transient_search_failures_are_retried_to_success(FaultKind kind)
    {
        await using var server = await ServerWith(25);
        server.Faults.Add(new FaultRule(ServerRoute.Search, kind) { Times = 2 });
        server.Faults.Add(new FaultRule(ServerRoute.Search, kind) { AfterRequests = 3, Times = 1 }); // and once more on a later page
        using var source = new PlanetaryComputerSource(ServerScenes.Client(), server.CreatePlanetaryComputerOptions());

        var scenes = await source.SearchAsync(Request());

        Assert.Equal(25, scenes.Count);
        Assert.Equal(3, server.Faults.Injected);
        Assert.Equal(6, server.Counters.Requests(ServerRoute.Search));
    }

    [Fact]
    public async Task Too_many_requests_waits_for_retry_after()
    {
        await using var server = await ServerWith(3);
        server.Faults.Add(new FaultRule(ServerRoute.Search, FaultKind.TooManyRequests) { RetryAfter = TimeSpan.FromSeconds(1) });
        // On a fake clock, with attempt timeouts far beyond the real requests' fake duration.
        var time = FakeClock.Create();
        var options = ServerScenes.FastRetries(TimeSpan.FromHours(1));
        options.TotalTimeout = TimeSpan.FromHours(2);
        using var client = new HttpClient(SegmentS2.Sentinel2.Http.S2HttpResilience.CreateHandler(options, null, null, time)) { Timeout = Timeout.InfiniteTimeSpan };
        using var source = new PlanetaryComputerSource(client, server.CreatePlanetaryComputerOptions());

        var (scenes, elapsed) = await FakeClock.RunAsync(time, source.SearchAsync(Request()));

        Assert.Equal(3, scenes.Count);
        Assert.True(elapsed >= TimeSpan.FromSeconds(1), $"retried after {elapsed} on the fake clock");
        Assert.Equal(2, server.Counters.Requests(ServerRoute.Search));
    }

    [Fact]
    public async Task Stalled_answer_times_out_and_is_retried()
    {
        await using var server = await ServerWith(3);
        server.Faults.Add(new FaultRule(ServerRoute.Search, FaultKind.Stall) { StallFor = TimeSpan.FromSeconds(20) });
        using var source = new PlanetaryComputerSource(ServerScenes.Client(TimeSpan.FromMilliseconds(500)), server.CreatePlanetaryComputerOptions());

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var scenes = await source.SearchAsync(Request());

        Assert.Equal(3, scenes.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(2, server.Counters.Requests(ServerRoute.Search));
    }

    [Fact]
    public async Task Not_found_is_reported_at_once()
    {
        await using var server = await ServerWith(3);
        server.Faults.Add(new FaultRule(ServerRoute.Search, FaultKind.NotFound) { Times = 100 });
        using var source = new PlanetaryComputerSource(ServerScenes.Client(), server.CreatePlanetaryComputerOptions());

        var ex = await Assert.ThrowsAsync<StacApiException>(() => source.SearchAsync(Request()));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains(new Uri(server.BaseUrl, "api/stac/v1/search").AbsoluteUri, ex.Message);
        Assert.Equal(1, server.Counters.Requests(ServerRoute.Search));
    }

    [Theory]
    [InlineData(FaultKind.Html, "HTML")]
    [InlineData(FaultKind.MalformedJson, "malformed JSON")]
    public async Task Unusable_answers_are_typed_errors(FaultKind kind, string expected)
    {
        await using var server = await ServerWith(3);
        server.Faults.Add(new FaultRule(ServerRoute.Search, kind));
        using var source = new PlanetaryComputerSource(ServerScenes.Client(), server.CreatePlanetaryComputerOptions());

        var ex = await Assert.ThrowsAsync<StacApiException>(() => source.SearchAsync(Request()));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task No_scenes_names_the_region_and_range()
    {
        await using var server = await ServerWith(3);
        using var source = new PlanetaryComputerSource(ServerScenes.Client(), server.CreatePlanetaryComputerOptions());
        var request = new S2SearchRequest(ServerScenes.TileRoi, ServerScenes.Start.AddYears(1), ServerScenes.Start.AddYears(1).AddDays(3));

        var ex = await Assert.ThrowsAsync<NoScenesFoundException>(() => source.SearchAsync(request));

        Assert.Contains("2024-06-01T00:00:00Z", ex.Message);
        Assert.Contains("2024-06-04T00:00:00Z", ex.Message);
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:0.######}", ServerScenes.TileRoi.EnvelopeInternal.MinX), ex.Message);
        Assert.Contains("planetary-computer", ex.Message);
    }

    [Fact]
    public async Task Subscription_key_is_sent_and_a_wrong_one_refused()
    {
        await using var server = await ServerWith(2, new LoopbackS2ServerOptions { RequiredSubscriptionKey = "k-123" });
        using var good = new PlanetaryComputerSource(ServerScenes.Client(), server.CreatePlanetaryComputerOptions());
        Assert.Equal(2, (await good.SearchAsync(Request())).Count);

        var options = server.CreatePlanetaryComputerOptions();
        options.SubscriptionKey = "wrong-key";
        using var bad = new PlanetaryComputerSource(ServerScenes.Client(), options);
        var ex = await Assert.ThrowsAsync<StacApiException>(() => bad.SearchAsync(Request()));
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.DoesNotContain("wrong-key", ex.Message);
    }

    [Fact]
    public async Task Tiles_of_one_acquisition_become_one_scene()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        server.AddScene(ServerScenes.MetadataOnly(0, tile: "31UDQ"));
        server.AddScene(ServerScenes.MetadataOnly(0, tile: "31UEQ"));
        server.AddScene(ServerScenes.MetadataOnly(0, tile: "31UFQ", orbit: 51));
        using var source = new PlanetaryComputerSource(ServerScenes.Client(), server.CreatePlanetaryComputerOptions());

        var scenes = await source.SearchAsync(Request());

        Assert.Equal(2, scenes.Count);
        Assert.Contains(scenes, s => s.MgrsTiles.Order().SequenceEqual(["31UDQ", "31UEQ"]) && s.Id == "S2A_20230601_R008");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Tests.Sentinel2;
using SegmentS2.Tests.Sentinel2.PlanetaryComputer;

namespace SegmentS2.SharedDataTests.Sentinel2.PlanetaryComputer;

public class SasTokenProviderTests
{
    private static readonly string Recorded = File.ReadAllText(SharedData.Stac("pc_sas_token_response_example_issue295.json"));
    private static readonly DateTimeOffset Expiry = new(2023, 11, 22, 12, 48, 50, TimeSpan.Zero);

    private static (SasTokenProvider Provider, StubHttpHandler Handler, ManualTimeProvider Clock) Create(DateTimeOffset now, string? key = null)
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json(Recorded));
        var clock = new ManualTimeProvider(now);
        var options = new PlanetaryComputerOptions { ApiUrl = new Uri("https://pc.test/api"), SubscriptionKey = key };
        return (new SasTokenProvider(new HttpClient(handler), options, null, clock), handler, clock);
    }

    [Fact]
    public async Task Recorded_token_response_is_parsed_and_cached()
    {
        var (provider, handler, _) = Create(Expiry.AddHours(-2));

        var token = await provider.GetAsync("sentinel-2-l2a");
        var again = await provider.GetAsync("sentinel-2-l2a");

        Assert.Equal(JsonNode.Parse(Recorded)!["token"]!.GetValue<string>(), token.Value);
        Assert.Equal(Expiry, token.Expiry);
        Assert.Same(token, again);
        Assert.Equal(1, handler.Count);
        Assert.Equal("https://pc.test/api/sas/v1/token/sentinel-2-l2a", handler.Requests[0].Url.AbsoluteUri);
        Assert.DoesNotContain("sig=", token.ToString());
    }

    [Fact]
    public async Task Token_is_renewed_once_inside_the_refresh_margin()
    {
        var (provider, handler, clock) = Create(Expiry.AddMinutes(-5).AddSeconds(-1)); // default margin 5 min
        await provider.GetAsync("sentinel-2-l2a");
        clock.Now = Expiry.AddMinutes(-5).AddSeconds(-1);
        await provider.GetAsync("sentinel-2-l2a");
        Assert.Equal(1, handler.Count);

        clock.Now = Expiry.AddMinutes(-5);
        await provider.GetAsync("sentinel-2-l2a");
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Tokens_are_cached_per_collection()
    {
        var (provider, handler, _) = Create(Expiry.AddHours(-2));
        await provider.GetAsync("sentinel-2-l2a");
        await provider.GetAsync("naip");
        await provider.GetAsync("naip");
        Assert.Equal(2, handler.Count);
        Assert.EndsWith("/token/naip", handler.Requests[1].Url.AbsoluteUri);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch()
    {
        var (provider, handler, _) = Create(Expiry.AddHours(-2));
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => provider.GetAsync("sentinel-2-l2a").AsTask()));
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Invalidated_token_is_fetched_again()
    {
        var (provider, handler, _) = Create(Expiry.AddHours(-2));
        var token = await provider.GetAsync("sentinel-2-l2a");
        provider.Invalidate(token);
        await provider.GetAsync("sentinel-2-l2a");
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Subscription_key_is_sent_as_header()
    {
        var (provider, handler, _) = Create(Expiry.AddHours(-2), key: "my-key");
        await provider.GetAsync("sentinel-2-l2a");
        Assert.Equal("my-key", handler.Requests[0].Headers["Ocp-Apim-Subscription-Key"]);
    }

    [Fact]
    public async Task Endpoint_failure_is_a_typed_error_without_key()
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json("""{"message":"Access denied"}""", HttpStatusCode.Unauthorized));
        var provider = new SasTokenProvider(new HttpClient(handler), new PlanetaryComputerOptions { SubscriptionKey = "SECRETKEY" });
        var ex = await Assert.ThrowsAsync<SasTokenException>(async () => await provider.GetAsync("sentinel-2-l2a"));
        Assert.Contains("401", ex.Message);
        Assert.Contains("https://planetarycomputer.microsoft.com/api/sas/v1/token/sentinel-2-l2a", ex.Message);
        Assert.DoesNotContain("SECRETKEY", ex.Message);
    }

    [Fact]
    public async Task Answer_without_token_is_a_typed_error()
    {
        var handler = new StubHttpHandler((_, _, _) => StubHttpHandler.Json("""{"msft:expiry":"2023-11-22T12:48:50Z"}"""));
        var provider = new SasTokenProvider(new HttpClient(handler), new PlanetaryComputerOptions());
        await Assert.ThrowsAsync<SasTokenException>(async () => await provider.GetAsync("sentinel-2-l2a"));
    }

    [Fact]
    public void Refresh_margin_below_60_seconds_is_refused()
    {
        var options = new PlanetaryComputerOptions { TokenRefreshMargin = TimeSpan.FromSeconds(59) };
        Assert.Throws<InvalidOptionException>(options.Validate);
    }
}

using System.Diagnostics;
using System.Net;
using SegmentS2.Sentinel2.Http;

namespace SegmentS2.Tests.Sentinel2.Http;

public class S2HttpResilienceTests
{
    private static readonly S2HttpResilienceOptions Fast = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromMilliseconds(500),
        MaxRetryAttempts = 4,
    };

    private static HttpClient Client(StubHttpHandler handler, S2HttpResilienceOptions? options = null) =>
        S2HttpResilience.CreateClient(options ?? Fast, handler);

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Transient_statuses_are_retried_to_success(HttpStatusCode status)
    {
        var handler = new StubHttpHandler((_, _, n) => n < 3 ? new HttpResponseMessage(status) : StubHttpHandler.Json("{}"));
        using var client = Client(handler);
        using var response = await client.GetAsync("http://x.test/a");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, handler.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task Other_client_errors_fail_at_once(HttpStatusCode status)
    {
        var handler = new StubHttpHandler((_, _, _) => new HttpResponseMessage(status));
        using var client = Client(handler);
        using var response = await client.GetAsync("http://x.test/a");
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Dropped_connections_are_retried()
    {
        var handler = new StubHttpHandler((_, _, n) => n == 1 ? throw new HttpRequestException("connection reset") : StubHttpHandler.Json("{}"));
        using var client = Client(handler);
        using var response = await client.GetAsync("http://x.test/a");
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        var handler = new StubHttpHandler((_, _, n) =>
        {
            if (n > 1)
            {
                return StubHttpHandler.Json("{}");
            }

            var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMilliseconds(1000));
            return r;
        });
        using var client = Client(handler);
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("http://x.test/a");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"waited {watch.Elapsed}");
    }

    [Fact]
    public void Retry_after_is_capped()
    {
        var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.FromSeconds(60), S2HttpResilience.RetryAfter(r, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Giving_up_returns_the_last_answer()
    {
        var handler = new StubHttpHandler((_, _, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var client = Client(handler);
        using var response = await client.GetAsync("http://x.test/a");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(5, handler.Count);
    }

    [Fact]
    public void Bad_options_are_refused() =>
        Assert.Throws<InvalidOptionException>(() => S2HttpResilience.CreateHandler(new S2HttpResilienceOptions { MaxRetryAttempts = -1 }));
}

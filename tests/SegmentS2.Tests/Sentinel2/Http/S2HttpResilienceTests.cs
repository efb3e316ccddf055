using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Sentinel2.Http;

/// <summary>
/// The retry policy on a fake clock: the production delays (500 ms base, doubling, jittered, 30 s cap), with no real
/// waiting. <see cref="FakeClock"/> moves the clock on while a request is pending; the delays asked for are read from
/// the retry warnings.
/// </summary>
public partial class S2HttpResilienceTests
{
    private static readonly S2HttpResilienceOptions Options = new() { MaxRetryAttempts = 4 };

    private readonly FakeTimeProvider _time = FakeClock.Create();
    private readonly ListLogger _log = new();

    private HttpClient Client(HttpMessageHandler handler, S2HttpResilienceOptions? options = null) =>
        new(S2HttpResilience.CreateHandler(options ?? Options, handler, _log, _time)) { Timeout = Timeout.InfiniteTimeSpan };

    // Sends on the fake clock; returns the response and the fake time it took.
    private Task<(HttpResponseMessage Response, TimeSpan Elapsed)> SendAsync(HttpClient client) =>
        FakeClock.RunAsync(_time, client.GetAsync("http://x.test/a"));

    // The delays the retry warnings announced, in order.
    private List<TimeSpan> Delays() =>
        _log.Messages.Select(m => RetryingIn().Match(m)).Where(m => m.Success)
            .Select(m => TimeSpan.FromMilliseconds(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();

    [GeneratedRegex("retrying in (\\d+) ms")]
    private static partial Regex RetryingIn();

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
        var (response, elapsed) = await SendAsync(client);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, handler.Count);
        // Two waits, jittered around 500 ms then 1 s (Polly's decorrelated jitter stays within [0, 2^k x 500 ms x ~2.3]),
        // taken on the fake clock: it moved by their sum, give or take one 50 ms step per wait.
        var delays = Delays();
        Assert.Equal(2, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
        Assert.InRange(elapsed, delays[0] + delays[1], delays[0] + delays[1] + TimeSpan.FromMilliseconds(150));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task Other_client_errors_fail_at_once(HttpStatusCode status)
    {
        var handler = new StubHttpHandler((_, _, _) => new HttpResponseMessage(status));
        using var client = Client(handler);
        var (response, elapsed) = await SendAsync(client);
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
        }

        Assert.Equal(1, handler.Count);
        Assert.Empty(Delays());
        Assert.True(elapsed <= TimeSpan.FromMilliseconds(50), $"{elapsed}");
    }

    [Fact]
    public async Task Dropped_connections_are_retried()
    {
        var handler = new StubHttpHandler((_, _, n) => n == 1 ? throw new HttpRequestException("connection reset") : StubHttpHandler.Json("{}"));
        using var client = Client(handler);
        var (response, _) = await SendAsync(client);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, handler.Count);
        Assert.Contains(_log.Messages, m => m.Contains("HttpRequestException (connection reset)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Retry_after_is_honoured_as_seconds_or_as_a_date(bool asDate)
    {
        var handler = new StubHttpHandler((_, _, n) =>
        {
            if (n > 1)
            {
                return StubHttpHandler.Json("{}");
            }

            var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            r.Headers.RetryAfter = asDate
                ? new System.Net.Http.Headers.RetryConditionHeaderValue(_time.GetUtcNow() + TimeSpan.FromSeconds(7))
                : new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return r;
        });
        using var client = Client(handler);
        var (response, elapsed) = await SendAsync(client);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // 7 s asked for, 7 s waited on the fake clock (a date is read against that clock too).
        Assert.Equal([TimeSpan.FromSeconds(7)], Delays());
        Assert.InRange(elapsed, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7.1));
        Assert.Equal(2, handler.Count);
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
        using var client = Client(handler, new S2HttpResilienceOptions { MaxRetryAttempts = 4, UseJitter = false });
        var (response, elapsed) = await SendAsync(client);
        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(5, handler.Count);
        // Without jitter the backoff is exact: 0.5, 1, 2 and 4 s, 7.5 s in all on the fake clock.
        Assert.Equal([0.5, 1, 2, 4], Delays().Select(d => d.TotalSeconds));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(7.5 + 4 * 0.05));
    }

    [Fact]
    public async Task The_backoff_is_capped_at_the_maximum_delay()
    {
        var handler = new StubHttpHandler((_, _, _) => new HttpResponseMessage(HttpStatusCode.BadGateway));
        using var client = Client(handler, new S2HttpResilienceOptions { MaxRetryAttempts = 8, UseJitter = false, MaxDelay = TimeSpan.FromSeconds(10) });
        var (response, _) = await SendAsync(client);
        response.Dispose();

        Assert.Equal([0.5, 1, 2, 4, 8, 10, 10, 10], Delays().Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task An_attempt_that_hangs_is_timed_out_on_the_clock_and_retried()
    {
        var handler = new HangingOnceHandler();
        using var client = Client(handler, new S2HttpResilienceOptions { MaxRetryAttempts = 2, AttemptTimeout = TimeSpan.FromSeconds(20), UseJitter = false });
        var (response, elapsed) = await SendAsync(client);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, handler.Count);
        Assert.Contains(_log.Messages, m => m.Contains("TimeoutRejectedException", StringComparison.Ordinal));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(20.5), TimeSpan.FromSeconds(20.7));
    }

    [Fact]
    public void Bad_options_are_refused() =>
        Assert.Throws<InvalidOptionException>(() => S2HttpResilience.CreateHandler(new S2HttpResilienceOptions { MaxRetryAttempts = -1 }));

    // The first request never answers (until cancelled); later ones answer 200.
    private sealed class HangingOnceHandler : HttpMessageHandler
    {
        private int _count;

        public int Count => _count;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _count) == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return StubHttpHandler.Json("{}");
        }
    }
}

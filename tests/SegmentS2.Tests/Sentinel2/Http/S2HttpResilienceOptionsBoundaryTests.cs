using System.Net;
using SegmentS2.Sentinel2.Http;

namespace SegmentS2.Tests.Sentinel2.Http;

/// <summary>
/// Every setting <see cref="S2HttpResilienceOptions.Validate"/> accepts builds a pipeline, and every one
/// Polly would refuse is refused first with a typed error naming it (Polly's own is a ValidationException).
/// </summary>
public class S2HttpResilienceOptionsBoundaryTests
{
    public static TheoryData<string, S2HttpResilienceOptions> Accepted => new()
    {
        { "no retries", new S2HttpResilienceOptions { MaxRetryAttempts = 0 } },
        { "100 retries", new S2HttpResilienceOptions { MaxRetryAttempts = 100 } },
        { "10 ms attempt", new S2HttpResilienceOptions { AttemptTimeout = TimeSpan.FromMilliseconds(10) } },
        { "one-day total", new S2HttpResilienceOptions { TotalTimeout = TimeSpan.FromDays(1) } },
        { "zero delays", new S2HttpResilienceOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } },
        { "one-day delays", new S2HttpResilienceOptions { BaseDelay = TimeSpan.FromDays(1), MaxDelay = TimeSpan.FromDays(1) } },
    };

    public static TheoryData<string, S2HttpResilienceOptions, string> Refused => new()
    {
        { "9 ms attempt", new S2HttpResilienceOptions { AttemptTimeout = TimeSpan.FromMilliseconds(9) }, "AttemptTimeout" },
        { "two-day total", new S2HttpResilienceOptions { TotalTimeout = TimeSpan.FromDays(2) }, "TotalTimeout" },
        { "two-day max delay", new S2HttpResilienceOptions { MaxDelay = TimeSpan.FromDays(2) }, "MaxDelay" },
        { "negative retries", new S2HttpResilienceOptions { MaxRetryAttempts = -1 }, "MaxRetryAttempts" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepted_settings_build_a_pipeline(string name, S2HttpResilienceOptions options)
    {
        options.Validate();
        using var handler = S2HttpResilience.CreateHandler(options);
        Assert.NotNull(handler);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Settings_polly_refuses_are_refused_by_name(string name, S2HttpResilienceOptions options, string setting)
    {
        var ex = Assert.Throws<InvalidOptionException>(() => S2HttpResilience.CreateHandler(options));
        Assert.Equal(setting, ex.OptionName);
        Assert.Contains(setting, ex.Message);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task No_retries_sends_each_request_once()
    {
        var handler = new StubHttpHandler((_, _, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var client = S2HttpResilience.CreateClient(new S2HttpResilienceOptions { MaxRetryAttempts = 0 }, handler);
        using var response = await client.GetAsync("http://x.test/a");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, handler.Count);
    }
}

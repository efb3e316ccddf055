namespace SegmentS2.Sentinel2.Http;

/// <summary>
/// Retry and timeout settings for SegmentS2's HTTP calls (STAC search, SAS tokens, COG range reads).
/// Defaults suit the public services; tests shrink the delays.
/// </summary>
public sealed class S2HttpResilienceOptions
{
    private static readonly TimeSpan PollyShortestTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan PollyLongest = TimeSpan.FromDays(1);

    /// <summary>Retries after the first attempt (0..100; 0 sends each request once). Default 6.</summary>
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First backoff delay; doubled each retry, with jitter. Default 500 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest backoff delay, at most 1 day. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait a server's <c>Retry-After</c> may impose; longer values are capped. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time one attempt may take, headers and body included; a stalled attempt is retried. At least 10 ms. Default 60 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time all attempts of one request may take, at most 1 day. Default 10 min.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Randomise backoff delays so that many clients do not retry in step. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Largest response body buffered inside the retry loop (so a body cut short is retried, never
    /// handed on). Default 256 MiB.
    /// </summary>
    public long MaxBufferedResponseBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOptionException">A setting is out of range (the first one).</exception>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>Every setting out of range, in declaration order.</summary>
    internal IEnumerable<InvalidOptionException> Problems()
    {
        if (MaxRetryAttempts is < 0 or > 100)
        {
            yield return new InvalidOptionException(nameof(MaxRetryAttempts), MaxRetryAttempts, "in 0..100");
        }

        // Polly refuses delays above a day and timeouts outside 10 ms..1 day; say so here, by name:
        // 0 <= BaseDelay <= MaxDelay <= 1 day, MaxRetryAfter >= 0, 10 ms <= AttemptTimeout <= TotalTimeout <= 1 day.
        if (BaseDelay < TimeSpan.Zero)
        {
            yield return new InvalidOptionException(nameof(BaseDelay), BaseDelay, "zero or more");
        }

        if (MaxDelay < BaseDelay || MaxDelay > PollyLongest)
        {
            yield return new InvalidOptionException(nameof(MaxDelay), MaxDelay, $"between BaseDelay ({BaseDelay}) and 1 day");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            yield return new InvalidOptionException(nameof(MaxRetryAfter), MaxRetryAfter, "zero or more");
        }

        if (AttemptTimeout < PollyShortestTimeout)
        {
            yield return new InvalidOptionException(nameof(AttemptTimeout), AttemptTimeout, "at least 10 ms");
        }

        if (TotalTimeout < AttemptTimeout || TotalTimeout > PollyLongest)
        {
            yield return new InvalidOptionException(nameof(TotalTimeout), TotalTimeout, $"between AttemptTimeout ({AttemptTimeout}) and 1 day");
        }

        if (MaxBufferedResponseBytes < 1024)
        {
            yield return new InvalidOptionException(nameof(MaxBufferedResponseBytes), MaxBufferedResponseBytes, "at least 1024 bytes");
        }
    }
}

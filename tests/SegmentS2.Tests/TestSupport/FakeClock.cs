using Microsoft.Extensions.Time.Testing;

namespace SegmentS2.Tests.TestSupport;

/// <summary>
/// Runs work whose waits (retry backoff, Retry-After) are on a <see cref="FakeTimeProvider"/>: the clock moves on
/// <see cref="Step"/> per millisecond of real time until the work ends, so a test of a 7 s backoff takes milliseconds.
/// Attempt timeouts run on the same clock: give them room (minutes) when the work does real I/O.
/// </summary>
internal static class FakeClock
{
    /// <summary>How far the clock moves each round.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    /// <summary>Awaits <paramref name="work"/> while moving <paramref name="time"/> on; returns its result and the fake time it took.</summary>
    public static async Task<(T Result, TimeSpan Elapsed)> RunAsync<T>(FakeTimeProvider time, Task<T> work)
    {
        var start = time.GetUtcNow();
        while (!work.IsCompleted)
        {
            await Task.Delay(1);
            time.Advance(Step);
        }

        return (await work, time.GetUtcNow() - start);
    }

    /// <summary>A fake clock at a fixed, realistic start.</summary>
    public static FakeTimeProvider Create() => new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
}

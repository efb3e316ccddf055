using System.Net;
using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Http;
using SegmentS2.Sentinel2.Http;

namespace SegmentS2.Tests.GeoTiff.Http;

public sealed class HttpRangeStreamTests : IAsyncLifetime
{
    private const string Token = "sv=2024-01-01&sig=SECRET-SAS-SIGNATURE%2Bxyz";
    private RangeFileServer _server = null!;
    private readonly HttpClient _http = new();
    private readonly byte[] _file = RandomBytes(1_000_003, seed: 42);

    public async Task InitializeAsync() => _server = await RangeFileServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Random_seeks_and_reads_return_the_file_bytes()
    {
        var url = _server.Add("random.bin", _file);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        Assert.Equal(_file.Length, stream.Length);
        var random = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            long offset = random.NextInt64(0, _file.Length + 100);
            int count = random.Next(0, 70_000);
            var buffer = new byte[count];
            stream.Seek(offset, SeekOrigin.Begin);
            int n = i % 3 == 0 ? stream.Read(buffer, 0, count) : await stream.ReadAsync(buffer);
            int expected = (int)Math.Clamp(_file.Length - offset, 0, count);
            Assert.Equal(expected, n);
            Assert.True(_file.AsSpan((int)Math.Min(offset, _file.Length), expected).SequenceEqual(buffer.AsSpan(0, n)), $"bytes at {offset}");
            Assert.Equal(offset + n, stream.Position);
        }

        Assert.Equal(_server.BytesSent, stream.BytesReceived);
        Assert.Equal(_server.RequestCount, stream.RequestCount);
    }

    [Fact]
    public async Task Concurrent_positional_reads_with_a_tiny_cache_return_the_file_bytes()
    {
        var url = _server.Add("concurrent.bin", _file);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url, new HttpRangeStreamOptions { CacheCapacityBytes = 50_000 });
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var random = new Random(i);
            long offset = random.NextInt64(0, _file.Length);
            var buffer = new byte[random.Next(1, 40_000)];
            int n = await stream.ReadAtAsync(offset, buffer, ct);
            Assert.True(_file.AsSpan((int)offset, n).SequenceEqual(buffer.AsSpan(0, n)));
        });
    }

    [Fact]
    public async Task Prefetch_coalesces_near_ranges_into_one_request_and_later_reads_are_free()
    {
        var url = _server.Add("coalesce.bin", _file);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        var ranges = Enumerable.Range(0, 40).Select(i => new ByteRange(100_000 + i * 1500L, 1000)).ToList();
        long before = stream.RequestCount;
        await stream.PrefetchAsync(ranges);
        Assert.Equal(1, stream.RequestCount - before);

        foreach (var r in ranges)
        {
            var buffer = new byte[r.Length];
            await stream.ReadAtAsync(r.Offset, buffer);
            Assert.True(_file.AsSpan((int)r.Offset, (int)r.Length).SequenceEqual(buffer));
        }

        Assert.Equal(1, stream.RequestCount - before);

        // Without coalescing the same ranges cost one request each.
        await using var plain = await HttpRangeStream.OpenAsync(_http, url, new HttpRangeStreamOptions { CoalesceGapBytes = 0 });
        before = plain.RequestCount;
        await plain.PrefetchAsync(ranges);
        Assert.Equal(40, plain.RequestCount - before);
    }

    [Fact]
    public async Task Prefetch_fetches_exactly_the_far_apart_ranges_and_nothing_cached()
    {
        var url = _server.Add("exact.bin", _file);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        long received = stream.BytesReceived;
        await stream.PrefetchAsync([new ByteRange(200_000, 30_000), new ByteRange(700_000, 12_345), new ByteRange(5_000, 100), new ByteRange(999_990, 500)]);
        // The range inside the first 16 KiB is already cached; the one past the end is clipped to 13 bytes.
        Assert.Equal(30_000 + 12_345 + 13, stream.BytesReceived - received);
        Assert.Equal(["bytes=200000-229999", "bytes=700000-712344", "bytes=999990-1000002"], _server.Ranges.Skip(1).Order());
    }

    private static HttpClient Resilient(int retries, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        S2HttpResilience.CreateClient(new S2HttpResilienceOptions
        {
            MaxRetryAttempts = retries,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(5),
            UseJitter = false,
        }, null, logger);

    [Fact]
    public async Task A_truncated_body_is_retried_by_the_resilience_pipeline_and_the_bytes_are_right()
    {
        var url = _server.Add("truncated.bin", _file);
        using var http = Resilient(retries: 2);
        await using var stream = await HttpRangeStream.OpenAsync(http, url);
        _server.TruncateNext(1);
        var buffer = new byte[50_000];
        Assert.Equal(buffer.Length, await stream.ReadAtAsync(300_000, buffer));
        Assert.True(_file.AsSpan(300_000, buffer.Length).SequenceEqual(buffer));
        Assert.Equal(3, _server.RequestCount); // open, truncated, the pipeline's retry
        Assert.Equal(2, stream.RequestCount); // the stream itself asked twice: open and the read
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task A_range_that_keeps_failing_costs_exactly_the_pipeline_attempts(int retries)
    {
        // Counted at the server: before, HttpRangeStream's own 2 retries multiplied the pipeline's attempts (3 x 7 = 21 at the defaults).
        var url = _server.Add("always-truncated.bin", _file, "?" + Token);
        using var http = Resilient(retries);
        await using var stream = await HttpRangeStream.OpenAsync(http, url);
        _server.ResetCounters();
        _server.TruncateNext(1000);
        var ex = await Assert.ThrowsAsync<HttpRangeException>(async () => await stream.ReadAtAsync(500_000, new byte[40_000]));

        Assert.Equal(retries + 1, _server.RequestCount);
        Assert.Equal(Enumerable.Repeat("bytes=500000-539999", retries + 1), _server.Ranges);
        Assert.IsAssignableFrom<IOException>(ex);
        Assert.Contains("500000-539999", ex.Message);
        Assert.Contains(_server.BaseAddress + "files/always-truncated.bin", ex.Message);
        AssertNoToken(ex);
    }

    [Fact]
    public async Task Without_a_resilience_pipeline_a_truncated_body_fails_at_once_as_a_typed_io_error()
    {
        var url = _server.Add("plain-truncated.bin", _file, "?" + Token);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        _server.ResetCounters();
        _server.TruncateNext(1);
        var ex = await Assert.ThrowsAsync<HttpRangeException>(async () => await stream.ReadAtAsync(500_000, new byte[40_000]));
        Assert.Equal(1, _server.RequestCount);
        Assert.IsAssignableFrom<IOException>(ex);
        Assert.Contains(_server.BaseAddress + "files/plain-truncated.bin", ex.Message);
        AssertNoToken(ex);
    }

    [Fact]
    public async Task Logged_requests_and_retries_never_show_the_token()
    {
        var url = _server.Add("logged.bin", _file, "?" + Token);
        var logger = new CapturingLogger();
        using var http = Resilient(retries: 2, logger);
        await using var stream = await HttpRangeStream.OpenAsync(http, url, null, logger);
        _server.TruncateNext(1);
        await stream.ReadAtAsync(500_000, new byte[40_000]);
        Assert.Contains(logger.Messages, m => m.Contains("retrying") && m.Contains("files/logged.bin"));
        Assert.Contains(logger.Messages, m => m.StartsWith("GET ", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Messages, m => m.Contains("SECRET") || m.Contains("sig="));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Error_statuses_name_the_status_and_the_url_but_never_the_token(int status)
    {
        var url = _server.Add("denied.bin", _file, "?" + Token);
        _server.FailWith = status;
        var ex = await Assert.ThrowsAsync<HttpRangeException>(() => HttpRangeStream.OpenAsync(_http, url));
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Contains(status.ToString(), ex.Message);
        Assert.Equal(_server.BaseAddress + "files/denied.bin", ex.RedactedUrl);
        AssertNoToken(ex);
    }

    [Fact]
    public async Task A_refused_connection_is_reported_without_the_token()
    {
        var url = _server.Add("gone.bin", _file, "?" + Token);
        await _server.DisposeAsync();
        _server = await RangeFileServer.StartAsync();
        var ex = await Assert.ThrowsAsync<HttpRangeException>(() => HttpRangeStream.OpenAsync(_http, url));
        Assert.Contains("Reading bytes 0-", ex.Message);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        AssertNoToken(ex);
    }

    [Fact]
    public async Task A_server_that_ignores_ranges_serves_the_first_bytes_and_refuses_the_rest_by_name()
    {
        var url = _server.Add("no-ranges.bin", _file);
        _server.IgnoreRanges = true;
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        Assert.Equal(_file.Length, stream.Length);
        var head = new byte[1000];
        await stream.ReadExactlyAsync(head);
        Assert.True(_file.AsSpan(0, 1000).SequenceEqual(head));
        Assert.Equal(16 * 1024, stream.BytesReceived); // stopped reading the whole-file body after what it needed

        var ex = await Assert.ThrowsAsync<HttpRangeException>(async () => await stream.ReadAtAsync(600_000, new byte[10]));
        Assert.Contains("does not support range requests", ex.Message);
    }

    [Fact]
    public async Task A_content_range_that_does_not_match_the_request_is_refused()
    {
        var url = _server.Add("shifted.bin", _file);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        _server.ShiftRanges = true;
        var ex = await Assert.ThrowsAsync<HttpRangeException>(async () => await stream.ReadAtAsync(400_000, new byte[100]));
        Assert.Contains("does not match the request", ex.Message);
    }

    [Fact]
    public async Task A_file_replaced_while_being_read_is_detected_by_its_etag()
    {
        var url = _server.Add("replaced.bin", _file);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        _server.ETag = "\"v2\"";
        var ex = await Assert.ThrowsAsync<HttpRangeException>(async () => await stream.ReadAtAsync(400_000, new byte[100]));
        Assert.Contains("changed while being read", ex.Message);
    }

    [Fact]
    public async Task Length_comes_from_head_when_content_range_hides_it()
    {
        var url = _server.Add("hidden-length.bin", _file);
        _server.HideTotal = true;
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        Assert.Equal(_file.Length, stream.Length);
        Assert.Equal(2, stream.RequestCount);
    }

    [Fact]
    public async Task An_empty_file_has_length_zero()
    {
        var url = _server.Add("empty.bin", []);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        Assert.Equal(0, stream.Length);
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task A_small_file_is_read_whole_by_the_first_request()
    {
        var small = RandomBytes(5000, seed: 3);
        var url = _server.Add("small.bin", small);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        var all = new byte[6000];
        Assert.Equal(5000, await stream.ReadAtAsync(0, all));
        Assert.True(small.AsSpan().SequenceEqual(all.AsSpan(0, 5000)));
        Assert.Equal(1, stream.RequestCount);
    }

    [Fact]
    public async Task A_stalled_read_honours_cancellation()
    {
        var url = _server.Add("stall.bin", _file);
        await using var stream = await HttpRangeStream.OpenAsync(_http, url);
        _server.Stall = TimeSpan.FromSeconds(30);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.ReadAtAsync(800_000, new byte[10], cts.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Coalescing_merges_overlaps_and_small_gaps_only()
    {
        var merged = RangePlanner.Coalesce(
            [new ByteRange(100, 10), new ByteRange(0, 50), new ByteRange(40, 20), new ByteRange(115, 5), new ByteRange(200, 1)], gap: 5);
        Assert.Equal([new ByteRange(0, 60), new ByteRange(100, 20), new ByteRange(200, 1)], merged);
    }

    private sealed class CapturingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Messages.Enqueue(formatter(state, exception));
    }

    private static void AssertNoToken(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain("SECRET", e.Message);
            Assert.DoesNotContain("sig=", e.Message);
        }

        Assert.DoesNotContain("SECRET", ex.ToString());
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SegmentS2.Tests.GeoTiff.Http;

/// <summary>
/// A minimal Kestrel file server on 127.0.0.1 (random port) with single-range support, counters of
/// requests and body bytes sent, and switchable misbehaviour for the stream's error paths.
/// </summary>
internal sealed class RangeFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private long _requests;
    private long _bytesSent;
    private int _truncateNext;

    private RangeFileServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public long RequestCount => Interlocked.Read(ref _requests);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public ConcurrentQueue<string> Ranges { get; } = new();

    /// <summary>Answer range requests with 200 and the whole file.</summary>
    public bool IgnoreRanges { get; set; }

    /// <summary>Leave the total out of Content-Range ("bytes a-b/*").</summary>
    public bool HideTotal { get; set; }

    /// <summary>Answer a different range than asked for.</summary>
    public bool ShiftRanges { get; set; }

    /// <summary>Status code answered to every GET instead of the file (0: none).</summary>
    public int FailWith { get; set; }

    /// <summary>Delay before answering.</summary>
    public TimeSpan Stall { get; set; }

    /// <summary>The ETag; change it to simulate the file being replaced.</summary>
    public string ETag { get; set; } = "\"v1\"";

    /// <summary>Cut the next <paramref name="count"/> bodies in half and drop the connection.</summary>
    public void TruncateNext(int count) => Interlocked.Exchange(ref _truncateNext, count);

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _bytesSent, 0);
        Ranges.Clear();
    }

    public Uri Add(string name, byte[] content, string? query = null)
    {
        _files[name] = content;
        return new Uri(BaseAddress, "files/" + name + query);
    }

    public static async Task<RangeFileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new RangeFileServer(app);
        app.Map("/files/{name}", server.ServeAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First() + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context, string name)
    {
        Interlocked.Increment(ref _requests);
        var request = context.Request;
        var response = context.Response;
        if (Stall > TimeSpan.Zero)
        {
            await Task.Delay(Stall, context.RequestAborted);
        }

        if (!_files.TryGetValue(name, out var content))
        {
            response.StatusCode = 404;
            return;
        }

        response.Headers.ETag = ETag;
        if (request.Method == "HEAD")
        {
            response.ContentLength = content.Length;
            return;
        }

        if (FailWith != 0)
        {
            response.StatusCode = FailWith;
            await response.WriteAsync("<html>denied</html>");
            return;
        }

        if (request.Headers.IfMatch.Count > 0 && request.Headers.IfMatch.ToString() != ETag)
        {
            response.StatusCode = 412;
            return;
        }

        string? range = request.Headers.Range.ToString();
        Ranges.Enqueue(range);
        if (IgnoreRanges || string.IsNullOrEmpty(range))
        {
            response.ContentLength = content.Length;
            await SendAsync(context, content, 0, content.Length);
            return;
        }

        var parts = range["bytes=".Length..].Split('-');
        long from = long.Parse(parts[0]);
        long to = parts[1].Length == 0 ? content.Length - 1 : Math.Min(long.Parse(parts[1]), content.Length - 1);
        if (from >= content.Length)
        {
            response.StatusCode = 416;
            response.Headers.ContentRange = $"bytes */{content.Length}";
            return;
        }

        if (ShiftRanges)
        {
            from++;
        }

        response.StatusCode = 206;
        response.Headers.ContentRange = $"bytes {from}-{to}/{(HideTotal ? "*" : content.Length.ToString())}";
        response.ContentLength = to - from + 1;
        await SendAsync(context, content, from, (int)(to - from + 1));
    }

    private bool TakeTruncation()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _truncateNext);
            if (current <= 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _truncateNext, current - 1, current) != current);
        return true;
    }

    private async Task SendAsync(HttpContext context, byte[] content, long from, int count)
    {
        if (TakeTruncation())
        {
            await context.Response.Body.WriteAsync(content.AsMemory((int)from, count / 2));
            await context.Response.Body.FlushAsync();
            Interlocked.Add(ref _bytesSent, count / 2);
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(content.AsMemory((int)from, count), context.RequestAborted);
        Interlocked.Add(ref _bytesSent, count);
    }
}

using System.Net;
using System.Text;

namespace SegmentS2.Tests.Sentinel2;

/// <summary>An in-process HTTP handler answering from a function, recording every request and its body.</summary>
internal sealed class StubHttpHandler(Func<HttpRequestMessage, string?, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private int _count;

    public List<(HttpMethod Method, Uri Url, string? Body, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = [];

    public int Count => Volatile.Read(ref _count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        int n = Interlocked.Increment(ref _count);
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!, body,
                request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)));
        }

        var response = respond(request, body, n);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(string text, string mediaType, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };
}

using System.Collections.Concurrent;

namespace SegmentS2.Testing.Server;

/// <summary>Requests and response body bytes the loopback server handled, per path and per route. Thread-safe.</summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, Counter> _paths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ServerRoute, Counter> _routes = new();

    /// <summary>Requests to a path (without query).</summary>
    public long Requests(string path) => _paths.TryGetValue(path, out var c) ? c.Requests : 0;

    /// <summary>Body bytes sent for a path.</summary>
    public long Bytes(string path) => _paths.TryGetValue(path, out var c) ? c.Bytes : 0;

    /// <summary>Requests to a route.</summary>
    public long Requests(ServerRoute route) => _routes.TryGetValue(route, out var c) ? c.Requests : 0;

    /// <summary>Body bytes sent for a route.</summary>
    public long Bytes(ServerRoute route) => _routes.TryGetValue(route, out var c) ? c.Bytes : 0;

    /// <summary>Every path seen with its requests and bytes.</summary>
    public IReadOnlyDictionary<string, (long Requests, long Bytes)> Paths =>
        _paths.ToDictionary(p => p.Key, p => (p.Value.Requests, p.Value.Bytes), StringComparer.Ordinal);

    /// <summary>Forgets everything counted.</summary>
    public void Reset()
    {
        _paths.Clear();
        _routes.Clear();
    }

    internal void CountRequest(ServerRoute route, string path)
    {
        _paths.GetOrAdd(path, _ => new Counter()).AddRequest();
        _routes.GetOrAdd(route, _ => new Counter()).AddRequest();
    }

    internal void CountBytes(ServerRoute route, string path, long bytes)
    {
        _paths.GetOrAdd(path, _ => new Counter()).AddBytes(bytes);
        _routes.GetOrAdd(route, _ => new Counter()).AddBytes(bytes);
    }

    private sealed class Counter
    {
        private long _requests;
        private long _bytes;

        public long Requests => Interlocked.Read(ref _requests);

        public long Bytes => Interlocked.Read(ref _bytes);

        public void AddRequest() => Interlocked.Increment(ref _requests);

        public void AddBytes(long n) => Interlocked.Add(ref _bytes, n);
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Testing.Server;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Tests.Sentinel2.PlanetaryComputer;

public sealed class SasSigningHandlerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("s2-sas-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(LoopbackS2Server Server, string Href, byte[] Bytes)> ServerWithBlob()
    {
        var bytes = new byte[5000];
        new Random(7).NextBytes(bytes);
        var path = Path.Combine(_folder, "B04.tif");
        await File.WriteAllBytesAsync(path, bytes);
        var scene = ServerScenes.MetadataOnly(0);
        var tile = scene.Tiles[0];
        var bands = tile.Bands.ToDictionary(b => b.Key, b => b.Value with { Path = path });
        scene = scene with { Tiles = [tile with { Bands = bands }] };
        var server = await LoopbackS2Server.StartAsync();
        server.AddScene(scene);
        var href = $"https://sentinel2l2a01.blob.core.windows.net/{StacItemFactory.PlanetaryComputerBlobPath(scene, scene.Tiles[0], "B04")}";
        return (server, href, bytes);
    }

    private static HttpClient SignedClient(LoopbackS2Server server, HttpClient inner, out SasTokenProvider tokens)
    {
        var options = server.CreatePlanetaryComputerOptions();
        tokens = new SasTokenProvider(inner, options);
        var signer = new PlanetaryComputerSigner(tokens, options);
        return new HttpClient(new SasSigningHandler(signer, options.Collection, NullLogger.Instance) { InnerHandler = new HttpClientForwardingHandler(inner) });
    }

    private static async Task<HttpResponseMessage> GetRange(HttpClient client, string href, long from, long to)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, href);
        request.Headers.Range = new RangeHeaderValue(from, to);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Unsigned_blob_read_is_refused_by_the_server()
    {
        var (server, href, _) = await ServerWithBlob();
        await using var owned = server;
        using var plain = ServerScenes.Client();
        using var response = await plain.GetAsync(new Uri(server.BlobEndpoint, "sentinel2l2a01" + new Uri(href).AbsolutePath));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, server.Counters.Requests(ServerRoute.Blob));
    }

    [Fact]
    public async Task Signed_range_read_returns_exactly_the_range()
    {
        var (server, href, bytes) = await ServerWithBlob();
        await using var owned = server;
        using var client = SignedClient(server, ServerScenes.Client(), out var tokens);

        using var response = await GetRange(client, href, 100, 1099);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(bytes[100..1100], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, tokens.Fetches);
        Assert.DoesNotContain("sig=", response.RequestMessage!.RequestUri!.Query);
        Assert.Equal(1000, server.Counters.Bytes(ServerRoute.Blob));
    }

    [Fact]
    public async Task Token_expired_mid_run_is_refreshed_once_and_the_read_succeeds()
    {
        var (server, href, bytes) = await ServerWithBlob();
        await using var owned = server;
        using var client = SignedClient(server, ServerScenes.Client(), out var tokens);
        using (var first = await GetRange(client, href, 0, 99))
        {
            Assert.Equal(HttpStatusCode.PartialContent, first.StatusCode);
        }

        server.ExpireAllTokens();
        using var second = await GetRange(client, href, 200, 299);

        Assert.Equal(HttpStatusCode.PartialContent, second.StatusCode);
        Assert.Equal(bytes[200..300], await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, tokens.Fetches);
        Assert.Equal(2, server.TokensIssued);
        Assert.Equal(3, server.Counters.Requests(ServerRoute.Blob)); // ok, refused, ok
    }

    [Fact]
    public async Task Injected_expired_token_fault_is_recovered()
    {
        var (server, href, _) = await ServerWithBlob();
        await using var owned = server;
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ExpiredToken) { AfterRequests = 1 });
        using var client = SignedClient(server, ServerScenes.Client(), out var tokens);

        for (int i = 0; i < 3; i++)
        {
            using var response = await GetRange(client, href, i * 10, i * 10 + 9);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        }

        Assert.Equal(2, tokens.Fetches);
    }

    [Fact]
    public async Task A_second_refusal_is_returned_not_retried_forever()
    {
        var (server, href, _) = await ServerWithBlob();
        await using var owned = server;
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ExpiredToken) { Times = 10 });
        using var client = SignedClient(server, ServerScenes.Client(), out _);

        using var response = await GetRange(client, href, 0, 9);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(2, server.Counters.Requests(ServerRoute.Blob));
    }

    [Fact]
    public async Task Token_endpoint_failures_are_retried()
    {
        var (server, href, _) = await ServerWithBlob();
        await using var owned = server;
        server.Faults.Add(new FaultRule(ServerRoute.Token, FaultKind.ServiceUnavailable) { Times = 2 });
        using var client = SignedClient(server, ServerScenes.Client(), out var tokens);

        using var response = await GetRange(client, href, 0, 9);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(3, server.Counters.Requests(ServerRoute.Token));
    }
}

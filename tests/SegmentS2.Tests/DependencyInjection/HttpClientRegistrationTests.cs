using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Tests.Sentinel2;
using SegmentS2.Testing.Server;

namespace SegmentS2.Tests.DependencyInjection;

/// <summary>The Planetary Computer source's HTTP as IHttpClientFactory composes it: handlers on the factory's clients, retries only in the pipeline.</summary>
public sealed class HttpClientRegistrationTests(SyntheticScenesFixture scenes) : IClassFixture<SyntheticScenesFixture>
{
    private const string Key = "SUBSCRIPTION-KEY-di-42";

    private static NetTopologySuite.Geometries.Polygon Roi =>
        ServerScenes.RoiAround(32631, SyntheticScenesFixture.X0 + 1005, SyntheticScenesFixture.Y0 - 3005, SyntheticScenesFixture.X0 + 3005, SyntheticScenesFixture.Y0 - 1205);

    private static List<HttpMessageHandler> Chain(HttpMessageHandler handler)
    {
        var chain = new List<HttpMessageHandler> { handler };
        while (chain[^1] is DelegatingHandler { InnerHandler: { } inner })
        {
            chain.Add(inner);
        }

        return chain;
    }

    [Fact]
    public void Signing_and_the_key_are_handlers_of_the_factory_clients_with_no_second_client_inside()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlanetaryComputerSource(o => o.SubscriptionKey = Key);
        using var sp = services.BuildServiceProvider();
        var factory = sp.GetRequiredService<IHttpMessageHandlerFactory>();

        var api = Chain(factory.CreateHandler(Sentinel2ServiceCollectionExtensions.PlanetaryComputerClient)).Select(h => h.GetType().Name).ToList();
        var blobs = Chain(factory.CreateHandler(Sentinel2ServiceCollectionExtensions.PlanetaryComputerBlobClient)).Select(h => h.GetType().Name).ToList();

        // Outer to inner: the resilience pipeline, response buffering, then the request's own handler, then the socket.
        Assert.Equal(1, api.Count(n => n == "ResilienceHandler"));
        Assert.True(api.IndexOf("ResilienceHandler") < api.IndexOf(nameof(ResponseBufferingHandler)));
        Assert.True(api.IndexOf(nameof(ResponseBufferingHandler)) < api.IndexOf(nameof(SubscriptionKeyHandler)));
        Assert.Equal(nameof(SocketsHttpHandler), api[^1]);
        Assert.True(blobs.IndexOf(nameof(ResponseBufferingHandler)) < blobs.IndexOf(nameof(SasSigningHandler)));
        Assert.Equal(nameof(SocketsHttpHandler), blobs[^1]);
        Assert.DoesNotContain("HttpClientForwardingHandler", api.Concat(blobs));
        Assert.DoesNotContain(nameof(SasSigningHandler), api);
    }

    [Fact]
    public async Task The_stac_client_and_earth_search_are_typed_clients_over_their_named_clients()
    {
        await using var server = await LoopbackS2Server.StartAsync(new LoopbackS2ServerOptions { RequiredSubscriptionKey = Key });
        server.AddScene(scenes.NewPair);
        static void Fast(S2HttpResilienceOptions r)
        {
            r.MaxRetryAttempts = 2;
            r.BaseDelay = TimeSpan.FromMilliseconds(1);
            r.MaxDelay = TimeSpan.FromMilliseconds(5);
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlanetaryComputerSource(o => { o.ApiUrl = server.PlanetaryComputerApiUrl; o.SubscriptionKey = Key; }, Fast);
        services.AddEarthSearchSource(o => o.ApiUrl = server.EarthSearchApiUrl, Fast);
        Assert.Equal(ServiceLifetime.Transient, Assert.Single(services, d => d.ServiceType == typeof(StacSearchClient)).Lifetime);
        Assert.Equal(ServiceLifetime.Transient, Assert.Single(services, d => d.ServiceType == typeof(EarthSearchSource)).Lifetime);
        await using var sp = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // The typed STAC client sends the key (its named client's handler): the server refuses searches without one.
        var stac = sp.GetRequiredService<StacSearchClient>();
        var searchUrl = new PlanetaryComputerOptions { ApiUrl = server.PlanetaryComputerApiUrl }.SearchUrl;
        int features = 0;
        await foreach (var _ in stac.SearchAsync(searchUrl, new JsonObject { ["collections"] = new JsonArray("sentinel-2-l2a"), ["limit"] = 10 }))
        {
            features++;
        }

        Assert.True(features > 0, "the keyed search found nothing");

        // Earth Search resolved twice (typed clients are transient), and its search retried in its named client's pipeline.
        Assert.NotSame(sp.GetRequiredService<EarthSearchSource>(), sp.GetRequiredService<EarthSearchSource>());
        server.Counters.Reset();
        server.Faults.Add(new FaultRule(ServerRoute.Search, FaultKind.ConnectionReset) { Times = 1 });
        var found = await sp.GetRequiredService<EarthSearchSource>().SearchAsync(new S2SearchRequest(Roi, ServerScenes.Start, ServerScenes.Start.AddDays(30)));
        Assert.NotEmpty(found);
        Assert.Equal(1, server.Faults.Injected);
        Assert.Equal(2, server.Counters.Requests(ServerRoute.Search));
    }

    [Fact]
    public async Task A_keyed_signed_scene_read_through_the_container_retries_only_in_the_pipeline()
    {
        await using var server = await LoopbackS2Server.StartAsync(new LoopbackS2ServerOptions { RequiredSubscriptionKey = Key });
        server.AddScene(scenes.NewPair);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlanetaryComputerSource(
            o =>
            {
                o.ApiUrl = server.PlanetaryComputerApiUrl;
                o.BlobEndpointOverride = server.BlobEndpoint;
                o.SubscriptionKey = Key;
            },
            r =>
            {
                r.MaxRetryAttempts = 2;
                r.BaseDelay = TimeSpan.FromMilliseconds(1);
                r.MaxDelay = TimeSpan.FromMilliseconds(5);
            });
        await using var sp = services.BuildServiceProvider();
        var source = sp.GetRequiredService<IS2Source>();
        var scene = Assert.Single(await source.SearchAsync(new S2SearchRequest(Roi, ServerScenes.Start, ServerScenes.Start.AddDays(30))));
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(Roi, ["B04"]));
        var window = S2RoiWindow.Of(raster, Roi);

        // Every blob request from now on is cut short: each range the read needs is tried 1 + 2 times, no more.
        server.Counters.Reset();
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.TruncatedBody) { Times = 1000 });
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await raster.ReadAsync(window, new float[window.PixelCount]));
        Assert.True(error is SegmentS2Exception or IOException, error.ToString());
        long blobRequests = server.Counters.Requests(ServerRoute.Blob);
        Assert.True(blobRequests > 0 && blobRequests % 3 == 0, $"{blobRequests} blob requests is not a whole number of 3-attempt ranges");
        Assert.Equal(blobRequests, server.Faults.Injected);
        Assert.Equal(1, server.TokensIssued); // the key reached the token endpoint, and one token served every attempt
    }
}

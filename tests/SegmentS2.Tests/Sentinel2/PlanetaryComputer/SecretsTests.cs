using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Testing.Server;

namespace SegmentS2.Tests.Sentinel2.PlanetaryComputer;

public sealed class SecretsTests(SyntheticScenesFixture scenes) : IClassFixture<SyntheticScenesFixture>
{
    private const string Key = "SUBSCRIPTION-KEY-7f3a";

    private static NetTopologySuite.Geometries.Polygon Roi =>
        ServerScenes.RoiAround(32631, SyntheticScenesFixture.X0 + 1005, SyntheticScenesFixture.Y0 - 3005, SyntheticScenesFixture.X0 + 3005, SyntheticScenesFixture.Y0 - 1205);

    private static S2SearchRequest Search => new(Roi, new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 6, 30, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Tokens_and_keys_never_reach_logs_through_retries_refusals_and_renewals()
    {
        await using var server = await LoopbackS2Server.StartAsync(new LoopbackS2ServerOptions { RequiredSubscriptionKey = Key });
        server.AddScene(scenes.NewPair);
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ServiceUnavailable) { AfterRequests = 1, Times = 2 });
        server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.ExpiredToken) { AfterRequests = 5 });
        var logs = new ListLogger();
        using var http = S2HttpResilience.CreateClient(ServerScenes.FastRetries(), null, logs);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var source = new PlanetaryComputerSource(http, server.CreatePlanetaryComputerOptions(), factory.CreateLogger<PlanetaryComputerSource>());

        var scene = Assert.Single(await source.SearchAsync(Search));
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(Roi, ["B04", "B05"]));
        var window = S2RoiWindow.Of(raster, Roi);
        await raster.ReadAsync(window, new float[window.PixelCount * 2]);

        Assert.Equal(3, server.Faults.Injected);
        Assert.Equal(2, server.TokensIssued);
        Assert.Contains(logs.Messages, m => m.Contains("retrying", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("refused the SAS token", StringComparison.Ordinal));
        Assert.All(logs.Messages, m =>
        {
            Assert.DoesNotContain("sig=", m);
            Assert.DoesNotContain("loopback0", m);
            Assert.DoesNotContain(Key, m);
        });
    }

    [Fact]
    public async Task Dependency_injection_registers_a_resilient_source()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        server.AddScene(scenes.NewPair);
        server.Faults.Add(new FaultRule(ServerRoute.Search, FaultKind.ServiceUnavailable) { Times = 2 });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlanetaryComputerSource(
            o =>
            {
                o.ApiUrl = server.PlanetaryComputerApiUrl;
                o.BlobEndpointOverride = server.BlobEndpoint;
            },
            r =>
            {
                r.BaseDelay = TimeSpan.FromMilliseconds(10);
                r.MaxDelay = TimeSpan.FromMilliseconds(50);
            });
        await using var provider = services.BuildServiceProvider();

        var source = provider.GetRequiredService<IS2Source>();
        Assert.Same(source, provider.GetRequiredService<IS2Source>());
        var scene = Assert.Single(await source.SearchAsync(Search));
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(Roi, ["B04"]));
        var window = S2RoiWindow.Of(raster, Roi);
        var data = new float[window.PixelCount];
        await raster.ReadAsync(window, data);

        Assert.Equal(3, server.Counters.Requests(ServerRoute.Search));
        Assert.Equal(SyntheticExpectation.Window(scenes.NewPair.Tiles, ["B04"], raster.Epsg, raster.GeoTransform, window), data);
    }
}

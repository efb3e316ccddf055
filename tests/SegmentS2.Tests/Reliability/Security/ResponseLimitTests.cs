using System.Globalization;
using System.Text.Json.Nodes;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Stac;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Reliability.Support;
using SegmentS2.Workflow;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Reliability.Security;

/// <summary>
/// The limits that keep a misbehaving or hostile server from running a search forever or filling memory, end to end:
/// pages followed (<see cref="StacClientOptions.MaxPages"/>), search response size (<see cref="StacClientOptions.MaxResponseBytes"/>)
/// and buffered blob response size (<see cref="S2HttpResilienceOptions.MaxBufferedResponseBytes"/>).
/// </summary>
public sealed class ResponseLimitTests(ServerSceneFixture fx, ITestOutputHelper log) : IClassFixture<ServerSceneFixture>
{
    private const int Items = 250; // three pages of the 100 items a search asks for

    [Fact]
    public async Task Searches_stop_at_the_page_limit_and_follow_every_page_below_it()
    {
        await using var server = await ServerWithManyItemsAsync();

        string refused = fx.NewOutputDirectory();
        await using (var host = ServerWorkflow.Create(fx, server, refused, o => o.PlanetaryComputer.Stac.MaxPages = 2))
        {
            var ex = await Assert.ThrowsAsync<StacApiException>(() => host.Workflow.RunAsync(ManyDaysRequest()));
            log.WriteLine(ex.Message);
            Assert.Contains("after 2 pages", ex.Message);
            Assert.Contains("MaxPages", ex.Message);
            Assert.Equal(2, server.Counters.Requests(ServerRoute.Search));
            Assert.False(Directory.Exists(refused) && Directory.EnumerateFileSystemEntries(refused).Any());
        }

        server.Counters.Reset();
        string output = fx.NewOutputDirectory();
        await using (var host = ServerWorkflow.Create(fx, server, output, o => o.ScenePolicy = S2ScenePolicy.Newest))
        {
            var result = await host.Workflow.RunAsync(ManyDaysRequest());
            Assert.Equal(3, server.Counters.Requests(ServerRoute.Search));
            var scene = Assert.Single(result.Scenes);
            Assert.Equal("hostile-catalogue-249", scene.SceneId); // the newest of all three pages
        }
    }

    [Fact]
    public async Task A_search_response_over_the_size_limit_is_refused()
    {
        await using var server = await ServerWithManyItemsAsync();
        string output = fx.NewOutputDirectory();
        await using var host = ServerWorkflow.Create(fx, server, output, o => o.PlanetaryComputer.Stac.MaxResponseBytes = 64 * 1024);

        var ex = await Assert.ThrowsAsync<StacApiException>(() => host.Workflow.RunAsync(ManyDaysRequest()));

        log.WriteLine(ex.Message);
        Assert.Contains("MaxResponseBytes", ex.Message);
        Assert.Equal(1, server.Counters.Requests(ServerRoute.Search));
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }

    [Fact]
    public async Task A_blob_response_over_the_buffer_limit_fails_typed_without_retrying()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        string output = fx.NewOutputDirectory();
        // Headers (16 KiB reads) fit; the tiles a chip needs come in one range of some 200 KiB and more.
        await using var host = ServerWorkflow.Create(fx, server, output, http: o =>
        {
            ServerWorkflow.FastRetries(o);
            o.MaxBufferedResponseBytes = 64 * 1024;
        });

        var ex = await Assert.ThrowsAsync<ResponseTooLargeException>(() => host.Workflow.RunAsync(fx.Request()));

        log.WriteLine($"{server.Counters.Requests(ServerRoute.Blob)} blob requests: {ex.Message}");
        Assert.DoesNotContain("sig=", ex.Message);
        Assert.Contains("MaxBufferedResponseBytes", ex.Message);
        // The files' headers, then one refused range per band file: too large is no reason to retry.
        Assert.InRange(server.Counters.Requests(ServerRoute.Blob), 1, 12);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }

    private SegmentS2Request ManyDaysRequest() =>
        fx.Request() with { Start = ServerSceneFixture.Date.AddDays(20), End = ServerSceneFixture.Date.AddDays(20 + Items) };

    // 250 acquisitions of the first scene's tile, one a day, all pointing at its files.
    private async Task<LoopbackS2Server> ServerWithManyItemsAsync()
    {
        var server = await LoopbackS2Server.StartAsync();
        var scene = fx.Scenes[0];
        server.AddScene(scene with { Tiles = [scene.Tiles[0]] });
        var template = StacItemFactory.PlanetaryComputerItem(scene, scene.Tiles[0], path => "https://sentinel2l2a01.blob.core.windows.net/" + path);
        for (int i = 0; i < Items; i++)
        {
            var item = (JsonObject)template.DeepClone();
            item["id"] = "hostile-catalogue-" + i.ToString("000", CultureInfo.InvariantCulture);
            item["properties"]!["datetime"] = ServerSceneFixture.Date.AddDays(21 + i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            server.AddPlanetaryComputerItem(item);
        }

        return server;
    }
}

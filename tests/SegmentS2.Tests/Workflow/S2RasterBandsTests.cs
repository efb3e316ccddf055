using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Reliability.Support;
using SegmentS2.Tests.Sentinel2;
using SegmentS2.Tests.TestSupport;
using SegmentS2.Workflow;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Workflow;

/// <summary>
/// The <c>s2_raster</c> as the reference's <c>preprocess_s2</c> stacks it: every spectral band at 10 m on the mask's grid,
/// named; the chips still fetch only the segmentation bands; <see cref="SegmentS2Options.ClipToRoi"/> cuts every output to
/// the ROI's own window; and an <see cref="SegmentS2Request.End"/> at midnight means that whole day.
/// </summary>
public sealed class S2RasterBandsTests(AllBandsSceneFixture fx, ITestOutputHelper log) : IClassFixture<AllBandsSceneFixture>
{
    // A 390 m field, well inside the tile, edges mid-pixel: its window (every pixel it touches, 40 x 40) grows to one 1024 px chip.
    private static readonly double Fx0 = AllBandsSceneFixture.X0 + 5000, Fy0 = AllBandsSceneFixture.Y0 - 6000;

    private static SegmentS2Request Request() => new()
    {
        Roi = ServerScenes.RoiAround(AllBandsSceneFixture.Epsg, Fx0 + 5, Fy0 - 395, Fx0 + 395, Fy0 - 5),
        // Midnight to midnight of the acquisition's day: the 10:36 scene is found only because a date means the whole day.
        Start = new DateTimeOffset(AllBandsSceneFixture.Date.Date, TimeSpan.Zero),
        End = new DateTimeOffset(AllBandsSceneFixture.Date.Date, TimeSpan.Zero),
        Prompts = PromptInput.FromGeoJson(new PromptGeoJson(AllBandsSceneFixture.Epsg).Point(Fx0 + 201, Fy0 - 199, "7").Build()),
    };

    private ServiceProvider Host(LoopbackS2Server server, string output, Action<SegmentS2Options>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.PlanetaryComputer;
            o.PlanetaryComputer = server.CreatePlanetaryComputerOptions();
            o.EncoderPath = fx.EncoderPath;
            o.DecoderPath = fx.DecoderPath;
            o.OutputDirectory = output;
            o.Sam.IntraOpNumThreads = 1;
            configure?.Invoke(o);
        }, o => ServerWorkflow.FastRetries(o));
        return services.BuildServiceProvider();
    }

    private async Task<(SceneResult Scene, IReadOnlyList<string> PathsBeforeWriting, IReadOnlyList<string> Paths, long TotalBytes)> RunAsync(Action<SegmentS2Options>? configure = null)
    {
        await using var server = await LoopbackS2Server.StartAsync();
        server.AddScene(fx.Scene);
        await using var host = Host(server, fx.NewOutputDirectory(), configure);
        IReadOnlyList<string>? beforeWriting = null;
        var progress = new Progress(p =>
        {
            // Requests are counted as they arrive, before the client can use the answer: no request of the chip phase is missed.
            if (p.Stage == SegmentS2Stage.Writing && beforeWriting is null)
            {
                beforeWriting = [.. server.Counters.Paths.Where(kv => kv.Value.Requests > 0).Select(kv => kv.Key)];
            }
        });
        var result = await host.GetRequiredService<SegmentS2Workflow>().RunAsync(Request(), progress);
        return (Assert.Single(result.Scenes), beforeWriting!, [.. server.Counters.Paths.Keys], await SettledBlobBytesAsync(server));
    }

    // The server counts a response's bytes once it has flushed them, which can be a moment after the client used them.
    private static async Task<long> SettledBlobBytesAsync(LoopbackS2Server server)
    {
        long last = -1, now = server.Counters.Bytes(ServerRoute.Blob);
        for (int i = 0; i < 100 && now != last; i++)
        {
            await Task.Delay(50);
            (last, now) = (now, server.Counters.Bytes(ServerRoute.Blob));
        }

        return now;
    }

    // Planetary Computer blob names end in _{band}_{resolution}m.tif.
    private static bool IsBandFile(string path, string band) => path.EndsWith($"_{band}_{S2Bands.NativeResolutionOf(band)}m.tif", StringComparison.Ordinal);

    [Fact]
    public async Task Default_s2_raster_holds_the_twelve_spectral_bands_named_at_10_m_on_the_mask_grid()
    {
        var scene = (await RunAsync()).Scene;

        using var info = JsonDocument.Parse(ExternalTool.Run("gdalinfo", "-json", scene.S2RasterPath!));
        using var mask = JsonDocument.Parse(ExternalTool.Run("gdalinfo", "-json", scene.SegmentationMaskPath));
        var bands = info.RootElement.GetProperty("bands").EnumerateArray().ToList();
        Assert.Equal(S2Bands.Reflectance, bands.Select(b => b.GetProperty("description").GetString()!));
        Assert.Equal(["coastal", "blue", "green", "red", "rededge", "rededge", "rededge", "nir", "nir08", "nir09", "swir16", "swir22"],
            bands.Select(b => b.GetProperty("metadata").GetProperty("").GetProperty("COMMON_NAME").GetString()!));
        Assert.All(bands, b => Assert.Equal("UInt16", b.GetProperty("type").GetString()));
        Assert.Equal(S2Bands.Reflectance, scene.S2RasterBands);

        var transform = info.RootElement.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(10, transform[1]);
        Assert.Equal(-10, transform[5]);
        Assert.Equal(mask.RootElement.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()), transform);
        Assert.Equal(mask.RootElement.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()), info.RootElement.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal([1024, 1024], info.RootElement.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));

        // Each band holds its own file's values, the 20 m and 60 m bands sampled by nearest neighbour onto the 10 m grid.
        await using var raster = await GeoTiffReader.OpenAsync(scene.S2RasterPath!);
        var tile = Assert.Single(fx.Scene.Tiles);
        var one = new ushort[1];
        var (col0, row0) = ((int)Math.Round((transform[0] - AllBandsSceneFixture.X0) / 10), (int)Math.Round((AllBandsSceneFixture.Y0 - transform[3]) / 10));
        foreach (var (band, index) in S2Bands.Reflectance.Select((b, i) => (b, i)))
        {
            var file = tile.Bands[band];
            int factor = S2Bands.NativeResolutionOf(band) / 10;
            foreach (var (c, r) in new[] { (0, 0), (511, 300), (1023, 1023), (37, 998) })
            {
                await raster.Image.ReadWindowAsync(index, new PixelWindow(c, r, 1, 1), one.AsMemory());
                Assert.Equal(file.ValueAt((col0 + c) / factor, (row0 + r) / factor), one[0]);
            }
        }
    }

    [Fact]
    public async Task All_bands_leave_the_chip_reads_alone_and_rgb_fetches_nothing_more()
    {
        var rgb = await RunAsync(o => o.S2RasterBands = o.BandNames);
        var all = await RunAsync();
        string[] other = [.. S2Bands.Reflectance.Except(["B02", "B03", "B04"])];

        log.WriteLine($"blob bytes fetched, whole run: rgb s2_raster {rgb.TotalBytes}, all-band s2_raster {all.TotalBytes}");
        // Before the outputs, only the segmentation bands' files were requested, with either setting.
        Assert.DoesNotContain(all.PathsBeforeWriting, p => other.Any(b => IsBandFile(p, b)));
        Assert.Contains(all.PathsBeforeWriting, p => IsBandFile(p, "B04"));
        Assert.DoesNotContain(rgb.Paths, p => other.Any(b => IsBandFile(p, b)));
        // The all-band s2_raster then reads every spectral band's file.
        Assert.All(S2Bands.Reflectance, b => Assert.Contains(all.Paths, p => IsBandFile(p, b)));
        Assert.Equal(["B04", "B03", "B02"], rgb.Scene.S2RasterBands);
        Assert.True(all.TotalBytes > rgb.TotalBytes, $"{all.TotalBytes} vs {rgb.TotalBytes}");
    }

    [Fact]
    public async Task Clip_to_roi_writes_every_output_over_the_rois_own_window_with_the_same_masks()
    {
        var grown = (await RunAsync(o => o.S2RasterBands = ["B04"])).Scene;
        var clipped = (await RunAsync(o => { o.S2RasterBands = ["B04"]; o.ClipToRoi = true; })).Scene;

        // The ROI touches the 40 x 40 pixels from (Fx0, Fy0).
        Assert.Equal((40, 40), (clipped.Width, clipped.Height));
        Assert.Equal((1024, 1024), (grown.Width, grown.Height));
        Assert.Equal(Fx0, clipped.GeoTransform.X0, 6);
        Assert.Equal(Fy0, clipped.GeoTransform.Y0, 6);
        int dc = (int)Math.Round((clipped.GeoTransform.X0 - grown.GeoTransform.X0) / 10), dr = (int)Math.Round((grown.GeoTransform.Y0 - clipped.GeoTransform.Y0) / 10);

        await using var small = await GeoTiffReader.OpenAsync(clipped.SegmentationMaskPath);
        await using var large = await GeoTiffReader.OpenAsync(grown.SegmentationMaskPath);
        var a = new byte[40 * 40];
        var b = new byte[40 * 40];
        await small.Image.ReadWindowAsync(0, new PixelWindow(0, 0, 40, 40), a.AsMemory());
        await large.Image.ReadWindowAsync(0, new PixelWindow(dc, dr, 40, 40), b.AsMemory());
        Assert.Equal(b, a);
        Assert.Contains(a, v => v == 1);
        Assert.Equal(clipped.ForegroundPixels["7"], a.Count(v => v == 1));

        await using var s2 = await GeoTiffReader.OpenAsync(clipped.S2RasterPath!);
        Assert.Equal((40, 40), (s2.Image.Width, s2.Image.Height));
        using var png = SixLabors.ImageSharp.Image.Load(clipped.QuickLookPath!);
        Assert.Equal(40, png.Width);
    }

    [Fact]
    public async Task A_cancelled_run_leaves_no_output_folder_behind()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        server.AddScene(fx.Scene);
        string output = Path.Combine(fx.NewOutputDirectory(), "run", "out");
        await using var host = Host(server, output);
        using var cts = new CancellationTokenSource();
        // Cancelled once the scene is being opened: after the output folder was made, before anything was written.
        var progress = new Progress(p =>
        {
            if (p.Stage == SegmentS2Stage.OpeningScene)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.GetRequiredService<SegmentS2Workflow>().RunAsync(Request(), progress, cts.Token));
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(output))));
    }

    private sealed class Progress(Action<SegmentS2Progress> report) : IProgress<SegmentS2Progress>
    {
        public void Report(SegmentS2Progress value) => report(value);
    }
}

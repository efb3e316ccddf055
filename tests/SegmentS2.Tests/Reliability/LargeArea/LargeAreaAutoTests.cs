using System.Globalization;
using System.Text.Json;
using SegmentS2.Sam;
using SegmentS2.Testing.Models;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Sentinel2;
using SegmentS2.Tests.TestSupport;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Reliability.LargeArea;

/// <summary>
/// <c>segment-s2 auto</c> over a whole tile (3072 px in CI, 10980 px with <c>SEGMENTS2_LARGE=1</c>) at the reference's
/// defaults, in a process of its own, with a contract model whose discs all pass the filters (16 prompts per decoder
/// call): the mask raster, the GeoPackage and the quick-look appear and the peak resident memory stays under 2 GiB.
/// </summary>
[Collection(LargeAreaCollection.Name)]
public sealed class LargeAreaAutoTests(LargeSceneFixture fx, ITestOutputHelper log) : IClassFixture<LargeSceneFixture>
{
    private const long TwoGiB = 2L * 1024 * 1024 * 1024;

    [Trait(Tool.Trait, Tool.Cli)]
    [Fact]
    public async Task Auto_segments_a_whole_tile_at_the_defaults_below_2_GiB_of_peak_memory()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        server.AddScene(fx.Scene);
        string work = fx.NewOutputDirectory();
        string decoder = Path.Combine(work, "models", "decoder.onnx");
        SamContractModelBuilder.WriteDecoder(decoder, new SamContractModelOptions { IouOffset = 0.95f, PromptBatch = true });
        string output = Path.Combine(work, "out");
        var roi = ServerScenes.RoiAround(LargeSceneFixture.Epsg, LargeSceneFixture.X0 + 1, LargeSceneFixture.Y0 - fx.Size * 10 + 1, LargeSceneFixture.X0 + fx.Size * 10 - 1, LargeSceneFixture.Y0 - 1);

        var run = await MeasuredCliRun.RunAsync(
        [
            "auto", "--roi", roi.AsText(),
            "--start", LargeSceneFixture.Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--end", LargeSceneFixture.Date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--encoder", fx.EncoderPath, "--decoder", decoder, "--pred-iou-thresh", "0.5",
            "--source", "earth-search", "--api-url", server.EarthSearchApiUrl.AbsoluteUri, "--out", output, "--json",
        ], LargeSceneFixture.FullTile ? TimeSpan.FromMinutes(60) : TimeSpan.FromMinutes(10), "auto");
        long peak = run.PeakResidentBytes;
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var scene = json.RootElement.GetProperty("scenes")[0];
        int chips = scene.GetProperty("chips").GetInt32(), kept = scene.GetProperty("masksKept").GetInt32();
        long maskBytes = new FileInfo(scene.GetProperty("segmentationMask").GetString()!).Length;
        long gpkgBytes = new FileInfo(json.RootElement.GetProperty("segments").GetString()!).Length;
        log.WriteLine($"auto on {fx.Size} x {fx.Size} px: {chips} chips, {scene.GetProperty("promptsDecoded")} prompts, {kept} masks kept, mask raster {maskBytes:N0} B, segments.gpkg {gpkgBytes:N0} B; {run.Elapsed.TotalSeconds:0.0} s, peak resident memory (VmHWM) {MemorySampler.Mib(peak)}");
        Assert.Equal(256L * chips, scene.GetProperty("promptsDecoded").GetInt64());
        Assert.Equal(scene.GetProperty("promptsDecoded").GetInt32(), scene.GetProperty("masksFiltered").GetInt32());
        Assert.Equal(kept, scene.GetProperty("segments").GetInt32());
        Assert.True(kept > 256, $"{kept} masks kept");
        Assert.True(File.Exists(scene.GetProperty("quickLook").GetString()));
        Assert.True(peak > 0, "no memory figure was read");
        Assert.True(peak < TwoGiB, $"peak resident memory {MemorySampler.Mib(peak)}");
    }
}

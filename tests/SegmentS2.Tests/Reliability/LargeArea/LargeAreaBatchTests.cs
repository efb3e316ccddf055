using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SegmentS2.Batch;
using SegmentS2.Output;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Reliability.Support;
using SegmentS2.Tests.TestSupport;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Reliability.LargeArea;

/// <summary>
/// 1,000 fields over a whole Sentinel-2 tile (3072 px in CI, 10980 px with <c>SEGMENTS2_LARGE=1</c>) through
/// <c>segment-s2 batch</c> in its own process, from the loopback server: every field gets its row, the fields share
/// chips, and the process stays under 2 GiB of peak resident memory.
/// </summary>
public sealed class LargeAreaBatchTests(LargeSceneFixture fx, ITestOutputHelper log) : IClassFixture<LargeSceneFixture>
{
    private const long TwoGiB = 2L * 1024 * 1024 * 1024;
    private const int FieldCount = 1000, Farms = 100;

    [Trait(Tool.Trait, Tool.Cli)]
    [Fact]
    public async Task A_thousand_fields_over_a_whole_tile_share_chips_and_stay_under_2_GiB()
    {
        await using var server = await LoopbackS2Server.StartAsync();
        server.AddScene(fx.Scene);
        string work = fx.NewOutputDirectory();
        Directory.CreateDirectory(work);
        string promptsPath = Path.Combine(work, "fields.geojson");
        await File.WriteAllTextAsync(promptsPath, Fields());
        string output = Path.Combine(work, "out");

        var run = await MeasuredCliRun.RunAsync(
        [
            "batch",
            "--start", LargeSceneFixture.Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--end", LargeSceneFixture.Date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--prompts", promptsPath, "--encoder", fx.EncoderPath, "--decoder", fx.DecoderPath,
            "--source", "earth-search", "--api-url", server.EarthSearchApiUrl.AbsoluteUri, "--out", output, "--json",
        ], TimeSpan.FromMinutes(20), "the batch");
        string json = run.Stdout;
        long peak = run.PeakResidentBytes;
        Assert.True(run.ExitCode == 0, json + run.Stderr);
        using var doc = JsonDocument.Parse(json);
        int chips = doc.RootElement.GetProperty("chipsEncoded").GetInt32();
        int grid = (int)Math.Pow(SegmentS2.Chipping.ChipAxis.Starts(fx.Size, 1024, 512).Length, 2);
        log.WriteLine($"batch of {FieldCount} fields on {fx.Size} x {fx.Size} px: exit {run.ExitCode} after {run.Elapsed.TotalSeconds:0.0} s, " +
            $"{chips} chips encoded of {grid} in the grid, peak resident memory (VmHWM) {MemorySampler.Mib(peak)}");

        Assert.Equal(FieldCount, doc.RootElement.GetProperty("fields").GetInt32());
        Assert.Equal(FieldCount, doc.RootElement.GetProperty("fieldsSegmented").GetInt32());
        Assert.Empty(doc.RootElement.GetProperty("failures").EnumerateArray());
        Assert.Equal(FieldCount, FieldGeoPackage.ReadMasks(Path.Combine(output, FieldGeoPackage.FileName)).Count);
        Assert.True(chips <= grid && chips < FieldCount / 4, $"{chips} chips for {FieldCount} fields");
        Assert.True(peak > 0, "no memory figure was read");
        Assert.True(peak < TwoGiB, $"peak resident memory {MemorySampler.Mib(peak)}");
    }

    // 100 farms of 10 fields within 150 px of the farm's centre: a point field, or every fifth a box of 20..60 px.
    private string Fields()
    {
        var rng = new Random(1000);
        var prompts = new PromptGeoJson(LargeSceneFixture.Epsg);
        int id = 0;
        for (int farm = 0; farm < Farms; farm++)
        {
            double fc = 250 + rng.NextDouble() * (fx.Size - 500), fr = 250 + rng.NextDouble() * (fx.Size - 500);
            for (int f = 0; f < FieldCount / Farms; f++, id++)
            {
                double col = fc + (rng.NextDouble() - 0.5) * 300, row = fr + (rng.NextDouble() - 0.5) * 300;
                double x = LargeSceneFixture.X0 + col * 10, y = LargeSceneFixture.Y0 - row * 10;
                if (id % 5 == 4)
                {
                    double half = 100 + rng.NextDouble() * 200;
                    prompts.Box(x - half, y - half, x + half, y + half, id.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    prompts.Point(x + 0.37, y - 0.41, id.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return prompts.Build();
    }
}

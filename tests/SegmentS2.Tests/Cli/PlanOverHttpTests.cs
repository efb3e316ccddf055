using System.Text.Json;
using SegmentS2.GeoTiff.Http;
using SegmentS2.Tests.Chipping;
using SegmentS2.Tests.TestSupport;
using Xunit.Abstractions;
using static SegmentS2.Tests.Cli.PlanCommandFixture;
using static SegmentS2.Tests.Prompts.PromptGeoJson;

namespace SegmentS2.Tests.Cli;

/// <summary><c>segment-s2 plan</c> on a Sentinel-2-sized COG over HTTP: the bytes the server sends, and the plan.</summary>
[Trait(Tool.Trait, Tool.Cli)]
public sealed class PlanOverHttpTests(SentinelTileCogFixture cog, ITestOutputHelper log) : IClassFixture<SentinelTileCogFixture>, IDisposable
{
    private readonly string _dir = TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Plan_of_a_10980_px_cog_over_http_reads_only_the_header()
    {
        // A foreground point at pixel (5000.25, 3000.25) of the whole-raster ROI.
        const double x = 5000.25, y = 3000.25;
        string prompts = Path.Combine(_dir, "prompts.geojson");
        File.WriteAllText(prompts, Collection(Point(x, y, "7")));

        cog.Server.ResetCounters();
        var (code, output, error) = await PlanAsync("--raster", cog.Url.ToString(), "--prompts", prompts, "--prompts-crs", "EPSG:32630", "--json");
        Assert.True(code == 0, error);

        // Every fetch asks for bytes of the header (which GDAL says ends at the first tile) and extends at most
        // ReadAheadBytes beyond what was asked, so a header-only read stays below header + one read-ahead.
        long readAhead = new HttpRangeStreamOptions().ReadAheadBytes;
        long served = cog.Server.BytesSent;
        log.WriteLine($"served {served} bytes in {cog.Server.RequestCount} requests ({string.Join(", ", cog.Server.Ranges)}); header {cog.HeaderBytes} bytes, file {cog.FileLength} bytes");
        Assert.True(cog.HeaderBytes > readAhead, $"the header ({cog.HeaderBytes} bytes) should outgrow the first read ({readAhead} bytes)");
        Assert.True(served <= cog.HeaderBytes + readAhead, $"served {served} bytes for a header of {cog.HeaderBytes} bytes");
        Assert.True(served * 10 < cog.FileLength, $"served {served} of {cog.FileLength} bytes");

        // The plan: the whole raster, 21 x 21 chips of the hand-worked 10980 px axis at overlap 0.5.
        var (starts, edges) = ReferenceAxis(10980, 0.5);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal([0, 0, 10980, 10980], root.GetProperty("roiWindow").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["7"], root.GetProperty("promptIds").EnumerateArray().Select(e => e.GetString()));
        var chips = root.GetProperty("chips").EnumerateArray().ToList();
        Assert.Equal(21 * 21, chips.Count);
        var holding = new List<int>();
        for (int r = 0; r < 21; r++)
        {
            for (int c = 0; c < 21; c++)
            {
                var chip = chips[r * 21 + c];
                Assert.Equal([starts[c], starts[r], 1024, 1024], chip.GetProperty("read").EnumerateArray().Select(e => e.GetInt32()));
                Assert.Equal([edges[c], edges[r], edges[c + 1] - edges[c], edges[r + 1] - edges[r]], chip.GetProperty("write").EnumerateArray().Select(e => e.GetInt32()));

                // A point is in every chip whose read window holds it, edges included (reference rule).
                bool inside = starts[c] <= x && x <= starts[c] + 1024 && starts[r] <= y && y <= starts[r] + 1024;
                var chipPrompts = chip.GetProperty("prompts");
                if (!inside)
                {
                    Assert.Empty(chipPrompts.EnumerateObject());
                    continue;
                }

                holding.Add(r * 21 + c);
                var call = Assert.Single(chipPrompts.GetProperty("7").EnumerateArray());
                var coords = call.GetProperty("pointCoords").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
                Assert.Equal([[x - starts[c], y - starts[r]], [0.0, 0.0]], coords);
                Assert.Equal([1, -1], call.GetProperty("pointLabels").EnumerateArray().Select(e => e.GetInt32()));
            }
        }

        // Columns 3982, 4480, 4978 and rows 1991, 2489, 2987 start at or before the point and end at or after it.
        Assert.Equal([4 * 21 + 8, 4 * 21 + 9, 4 * 21 + 10, 5 * 21 + 8, 5 * 21 + 9, 5 * 21 + 10, 6 * 21 + 8, 6 * 21 + 9, 6 * 21 + 10], holding);
    }

    private static (int[] Starts, int[] Edges) ReferenceAxis(int dim, double overlap)
    {
        foreach (var row in ChipAxisTests.ReferenceGrid)
        {
            if ((int)row[0] == dim && (double)row[1] == overlap)
            {
                return ((int[])row[2], (int[])row[3]);
            }
        }

        throw new InvalidOperationException($"No hand-worked axis for {dim} at overlap {overlap}.");
    }
}

using System.Globalization;
using System.Text.Json;
using SegmentS2.Tests.Chipping;
using SegmentS2.Tests.TestSupport;
using static SegmentS2.Tests.Cli.PlanCommandFixture;
using static SegmentS2.Tests.Prompts.PromptGeoJson;

namespace SegmentS2.Tests.Cli;

/// <summary><c>segment-s2 plan --json</c> against values worked out by hand from the reference rules.</summary>
[Trait(Tool.Trait, Tool.Cli)]
public sealed class PlanCommandTests : IDisposable
{
    private readonly string _dir = TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WritePrompts(params string[] features)
    {
        string path = Path.Combine(_dir, $"prompts-{Guid.NewGuid():N}.geojson");
        File.WriteAllText(path, Collection(features));
        return path;
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static float[][] Coords(JsonElement call) =>
        call.GetProperty("pointCoords").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();

    public static TheoryData<int, double, int[], int[]> ReferenceGrid => ChipAxisTests.ReferenceGrid;

    [Theory]
    [MemberData(nameof(ReferenceGrid))]
    public async Task Chip_grid_of_square_rasters_matches_the_hand_worked_axis(int dim, double overlap, int[] starts, int[] edges)
    {
        // One foreground point at the raster's centre so the prompts are valid.
        string prompts = WritePrompts(Point(dim / 2.0 + 0.25, dim / 2.0 + 0.25, "1"));
        var (code, output, error) = await PlanAsync("--raster", CreateRaster(_dir, dim, dim), "--prompts", prompts,
            "--prompts-crs", "EPSG:32630", "--overlap", overlap.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal([0, 0, dim, dim], Ints(json.RootElement.GetProperty("roiWindow")));
        Assert.Equal(["1"], json.RootElement.GetProperty("promptIds").EnumerateArray().Select(e => e.GetString()));
        var chips = json.RootElement.GetProperty("chips").EnumerateArray().ToList();
        Assert.Equal(starts.Length * starts.Length, chips.Count);
        int index = 0;
        for (int r = 0; r < starts.Length; r++)
        {
            for (int c = 0; c < starts.Length; c++, index++)
            {
                var chip = chips[index];
                Assert.Equal(index, chip.GetProperty("index").GetInt32());
                Assert.Equal([starts[c], starts[r], 1024, 1024], Ints(chip.GetProperty("read")));
                Assert.Equal([edges[c], edges[r], edges[c + 1] - edges[c], edges[r + 1] - edges[r]], Ints(chip.GetProperty("write")));
            }
        }
    }

    [Fact]
    public async Task Prompts_per_chip_match_the_reference_rules()
    {
        // 2048 x 1024 at overlap 0: chip 0 reads columns 0..1024, chip 1 columns 1024..2048; x = 600000 + 10 col.
        var features = new List<string>
        {
            Point(1024, 100, "1"),                                    // on the shared edge: both chips
            Box(1024, 10, 1100, 20, "2", "0"),                        // touches chip 0 only at x = 1024: chip 1 only
            Box(1000, 30, 1100, 40, "3", "0"),                        // crosses the edge: clipped in both
            Box(1100, 100, 1200, 200, "4"), Point(1000, 150, "4"),    // box grows to x = 1000; chip 1 has no foreground
            Point(100, 300, "5"), Point(1500, 300, "5", "0"),         // only foreground point in chip 0
            Point(300, 400, "6", "0"), Point(1300, 400, "6", "0"),    // background only: nowhere
        };
        features.AddRange(Enumerable.Range(0, 70).Select(i => Point(10 + i, 500, "8"))); // 70 elements: two calls
        var (code, output, error) = await PlanAsync("--raster", CreateRaster(_dir, 2048, 1024), "--prompts", WritePrompts([.. features]),
            "--prompts-crs", "EPSG:32630", "--overlap", "0", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["1", "2", "3", "4", "5", "6", "8"], root.GetProperty("promptIds").EnumerateArray().Select(e => e.GetString()));
        var chip0 = root.GetProperty("chips")[0].GetProperty("prompts");
        var chip1 = root.GetProperty("chips")[1].GetProperty("prompts");
        Assert.Equal(["1", "3", "4", "5", "8"], chip0.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["1", "2", "3"], chip1.EnumerateObject().Select(p => p.Name));

        // id 1: chip 0 x = 1024 - 0, chip 1 x = 1024 - 1024; then the padding point (0, 0) labelled -1.
        Assert.Equal([[1024f, 100f], [0f, 0f]], Coords(chip0.GetProperty("1")[0]));
        Assert.Equal([1, -1], Ints(chip0.GetProperty("1")[0].GetProperty("pointLabels")));
        Assert.Equal([[0f, 100f], [0f, 0f]], Coords(chip1.GetProperty("1")[0]));
        // id 2: 1024..1100 -> chip 1 at 0..76, corners labelled 2 and 3, no padding.
        Assert.Equal([[0f, 10f], [76f, 20f]], Coords(chip1.GetProperty("2")[0]));
        Assert.Equal([2, 3], Ints(chip1.GetProperty("2")[0].GetProperty("pointLabels")));
        // id 3: 1000..1100 clipped to 1000..1024 in chip 0 and 0..76 in chip 1.
        Assert.Equal([[1000f, 30f], [1024f, 40f]], Coords(chip0.GetProperty("3")[0]));
        Assert.Equal([[0f, 30f], [76f, 40f]], Coords(chip1.GetProperty("3")[0]));
        // id 4: the point, then the grown box 1000..1200 x 100..200 clipped to chip 0.
        Assert.Equal([[1000f, 150f], [1000f, 100f], [1024f, 200f]], Coords(chip0.GetProperty("4")[0]));
        Assert.Equal([1, 2, 3], Ints(chip0.GetProperty("4")[0].GetProperty("pointLabels")));
        // id 5: only its foreground point, in chip 0.
        Assert.Equal([[100f, 300f], [0f, 0f]], Coords(chip0.GetProperty("5")[0]));
        // id 8: 64 points + padding, then 6 points + padding.
        var calls = chip0.GetProperty("8").EnumerateArray().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(65, Coords(calls[0]).Length);
        Assert.Equal(7, Coords(calls[1]).Length);
        Assert.Equal([74f, 500f], Coords(calls[1])[0]);
        Assert.Equal([1, 1, 1, 1, 1, 1, -1], Ints(calls[1].GetProperty("pointLabels")));
    }

    [Fact]
    public async Task Roi_in_wgs84_becomes_the_grown_roi_window()
    {
        // ROI corners at pixel columns 1000.5, 1200.5 and rows 1500.5, 1700.5 of a 3000 x 3000 raster, given in
        // longitude and latitude (converted by GDAL). Touched pixels [1000, 1201) x [1500, 1701), 201 px: grown by
        // 823 px, 411 before -> columns [589, 1613), rows [1089, 2113).
        var corners = RoiCorners();
        string wkt = Wkt(corners);
        string prompts = WritePrompts(Point(1100, 1600, "1"));
        string raster = CreateRaster(_dir, 3000, 3000);

        var (code, output, error) = await PlanAsync("--raster", raster, "--prompts", prompts, "--prompts-crs", "EPSG:32630", "--roi", wkt, "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal([589, 1089, 1024, 1024], Ints(json.RootElement.GetProperty("roiWindow")));
        // The point (1100, 1600) in ROI-window pixels is (1100 - 589, 1600 - 1089) = (511, 511).
        var chip = Assert.Single(json.RootElement.GetProperty("chips").EnumerateArray());
        Assert.Equal([[511f, 511f], [0f, 0f]], Coords(chip.GetProperty("prompts").GetProperty("1")[0]));

        // The same ROI from a GeoJSON file.
        string roiFile = Path.Combine(_dir, "roi.geojson");
        File.WriteAllText(roiFile, "{\"type\":\"Polygon\",\"coordinates\":[[" +
            string.Join(",", corners.Append(corners[0]).Select(c => FormattableString.Invariant($"[{c.Lon:R},{c.Lat:R}]"))) + "]]}");
        var fromFile = await PlanAsync("--raster", raster, "--prompts", prompts, "--prompts-crs", "EPSG:32630", "--roi", roiFile, "--json");
        Assert.Equal(output, fromFile.Output);
    }

    [Fact]
    public async Task Prompt_outside_the_roi_is_refused_naming_the_feature()
    {
        string prompts = WritePrompts(Point(10, 10, "1"), Point(1100, 1600, "2"));
        var (code, _, error) = await PlanAsync("--raster", CreateRaster(_dir, 3000, 3000), "--prompts", prompts,
            "--prompts-crs", "EPSG:32630", "--roi", Wkt(RoiCorners()));
        Assert.Equal(1, code);
        Assert.Contains("Feature 0 (prompt_id 1)", error);
        Assert.Contains("not within the ROI", error);
    }

    [Fact]
    public async Task Bad_inputs_are_refused_with_their_values()
    {
        string prompts = WritePrompts(Point(10, 10, "1", "2"));
        string raster = CreateRaster(_dir, 2048, 1024);
        var badLabel = await PlanAsync("--raster", raster, "--prompts", prompts, "--prompts-crs", "EPSG:32630");
        Assert.Equal(1, badLabel.ExitCode);
        Assert.Contains("label 2 is not the integer 0 or 1", badLabel.Error);

        string ok = WritePrompts(Point(10, 10, "1"));
        var small = await PlanAsync("--raster", CreateRaster(_dir, 1000, 1200), "--prompts", ok, "--prompts-crs", "EPSG:32630");
        Assert.Equal(1, small.ExitCode);
        Assert.Contains("1000 x 1200 px, smaller than one 1024 x 1024 px chip", small.Error);

        var overlap = await PlanAsync("--raster", raster, "--prompts", ok, "--prompts-crs", "EPSG:32630", "--overlap", "1");
        Assert.Equal(1, overlap.ExitCode);
        Assert.Contains("= 1 is invalid: it must be in [0, 1)", overlap.Error);

        var crs = await PlanAsync("--raster", raster, "--prompts", ok, "--prompts-crs", "UTM30");
        Assert.Equal(1, crs.ExitCode);
        Assert.Contains("UTM30", crs.Error);

        var roi = await PlanAsync("--raster", raster, "--prompts", ok, "--roi", "POLYGON ((oops");
        Assert.Equal(1, roi.ExitCode);
        Assert.Contains("--roi", roi.Error);
    }

    [Fact]
    public async Task Table_lists_encoded_chips_and_skipped_ones()
    {
        string prompts = WritePrompts(Point(100, 100, "7"), Box(90, 90, 120, 120, "7"));
        var (code, output, error) = await PlanAsync("--raster", CreateRaster(_dir, 3000, 1024), "--prompts", prompts, "--prompts-crs", "EPSG:32630");
        Assert.True(code == 0, error);
        // 3000 wide at step 512: starts [0, 494, 988, 1482, 1976]; only chip 0 holds the prompt.
        Assert.Contains("5 (5 x 1) of 1024 px, step 512 px; 1 encoded, 4 skipped", output);
        Assert.Contains("7: 1 call, 3 points, box", output);
        Assert.Contains("Skipped (no valid prompt, written as zeros): 1-4", output);
    }

    /// <summary>Pixel corners (1000.5, 1500.5) .. (1200.5, 1700.5) of the 10 m grid, in longitude and latitude by GDAL.</summary>
    private static List<(double Lon, double Lat)> RoiCorners() =>
        new[] { (1000.5, 1500.5), (1200.5, 1500.5), (1200.5, 1700.5), (1000.5, 1700.5) }
            .Select(c => ToLonLat(600000 + 10 * c.Item1, 5000000 - 10 * c.Item2)).ToList();

    private static string Wkt(List<(double Lon, double Lat)> corners) =>
        "POLYGON ((" + string.Join(", ", corners.Append(corners[0]).Select(c => FormattableString.Invariant($"{c.Lon:R} {c.Lat:R}"))) + "))";

    private static (double Lon, double Lat) ToLonLat(double x, double y) => ExternalTool.GdalTransform(32630, 4326, x, y);
}

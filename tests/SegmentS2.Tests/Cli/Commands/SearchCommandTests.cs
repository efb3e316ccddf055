using System.Text.Json;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Sentinel2;
using SegmentS2.Tests.TestSupport;

namespace SegmentS2.Tests.Cli.Commands;

[Trait(Tool.Trait, Tool.Cli)]
public class SearchCommandTests
{
    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Tool.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<LoopbackS2Server> Server()
    {
        var server = await LoopbackS2Server.StartAsync();
        server.AddScene(ServerScenes.MetadataOnly(0, tile: "31UDQ", cloud: 4));
        server.AddScene(ServerScenes.MetadataOnly(0, tile: "31UEQ", cloud: 8));
        server.AddScene(ServerScenes.MetadataOnly(3, cloud: 50, baseline: "04.00"));
        return server;
    }

    [Fact]
    public async Task Json_lists_scenes_with_the_issue_fields()
    {
        await using var server = await Server();
        var wkt = ServerScenes.TileRoi.AsText();

        var (code, output, error) = await Run("search", "--roi", wkt, "--start", "2023-06-01", "--end", "2023-06-04", "--api-url", server.PlanetaryComputerApiUrl.AbsoluteUri, "--json");

        Assert.True(code == 0, error);
        var scenes = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, scenes.Count);
        Assert.Equal("S2A_20230601_R008", scenes[0].GetProperty("id").GetString());
        Assert.Equal("2023-06-01T10:30:00Z", scenes[0].GetProperty("datetime").GetString());
        Assert.Equal(["31UDQ", "31UEQ"], scenes[0].GetProperty("mgrsTiles").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal(6, scenes[0].GetProperty("cloudCover").GetDouble());
        Assert.Equal("05.09", scenes[0].GetProperty("processingBaseline").GetString());
        Assert.Equal("04.00", scenes[1].GetProperty("processingBaseline").GetString());
    }

    [Fact]
    public async Task Geojson_file_earth_search_and_cloud_limit()
    {
        await using var server = await Server();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, $$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{{SegmentS2.Sentinel2.Stac.StacSearchBody.ToGeoJson(ServerScenes.TileRoi).ToJsonString()}}}]}""");
        try
        {
            var (code, output, error) = await Run("search", "--roi", file, "--start", "2023-06-01", "--end", "2023-06-10", "--source", "earth-search",
                "--api-url", server.EarthSearchApiUrl.AbsoluteUri, "--max-cloud", "10");

            Assert.True(code == 0, error);
            Assert.Contains("S2A_20230601_R008", output);
            Assert.DoesNotContain("20230604", output);
            Assert.Contains("1 scene(s).", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))", "2023-06-01", "2023-06-04", "not a valid polygon")]
    [InlineData("POINT(1 2)", "2023-06-01", "2023-06-04", "Point")]
    [InlineData("not wkt at all", "2023-06-01", "2023-06-04", "neither GeoJSON nor WKT")]
    [InlineData("POLYGON((2 48, 2.1 48, 2.1 48.1, 2 48.1, 2 48))", "2023-06-04", "2023-06-01", "before it starts")]
    [InlineData("POLYGON((2 48, 2.1 48, 2.1 48.1, 2 48.1, 2 48))", "June 1st", "2023-06-04", "--start 'June 1st'")]
    public async Task Bad_input_is_one_error_line_and_exit_code_1(string roi, string start, string end, string expected)
    {
        var (code, _, error) = await Run("search", "--roi", roi, "--start", start, "--end", end, "--api-url", "http://127.0.0.1:9/api");
        Assert.Equal(1, code);
        Assert.Contains(expected, error);
        Assert.StartsWith("segment-s2: error:", error);
    }

    [Fact]
    public async Task No_scenes_is_an_error_naming_the_range()
    {
        await using var server = await Server();
        var (code, _, error) = await Run("search", "--roi", ServerScenes.TileRoi.AsText(), "--start", "2024-01-01", "--end", "2024-01-31", "--api-url", server.PlanetaryComputerApiUrl.AbsoluteUri);
        Assert.Equal(1, code);
        Assert.Contains("No Sentinel-2 scenes found", error);
        Assert.Contains("2024-01-31T23:59:59Z", error);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Reliability.Fuzzing;

/// <summary>
/// Mutated GeoJSON prompt files through everything the workflow does with them: read (text and
/// stream), validate and convert (<see cref="GeoJsonPromptEncoder.Prepare"/>), and select per chip.
/// </summary>
public sealed class GeoJsonPromptFuzzTests(ITestOutputHelper log)
{
    private const int Epsg = 32631;
    private static readonly GeoTransform Transform = new(399960, 10, 0, 4800000, 0, -10);
    private static readonly Envelope Roi = new(401000, 415000, 4785000, 4799000);

    [Fact]
    public async Task Mutated_prompt_files_raise_only_prompt_errors()
    {
        int iterations = FuzzSettings.Iterations(3000);
        var seeds = Seeds().Select(s => JsonNode.Parse(s)!).ToArray();
        var encoder = new GeoJsonPromptEncoder();
        var plan = new SpatialChipper(new ChipperOptions { ChipSize = 512 }).Plan(2048, 2048, Transform, Roi);
        var chips = plan.Chips.Select(c => plan.ToRaster(c.Read)).ToArray();
        var mutator = new JsonMutator(FuzzSettings.Seed);
        var tally = new FuzzTally("GeoJSON prompts");
        for (int i = 0; i < iterations; i++)
        {
            // A third get a single structural edit, so that more inputs pass validation and reach the chip selection.
            // Odd inputs are read as bytes from a stream, some of them not UTF-8.
            bool viaStream = i % 2 == 1;
            byte[] bytes = viaStream ? mutator.MutateBytes(seeds[i % seeds.Length]) : [];
            string text = viaStream ? Encoding.UTF8.GetString(bytes)
                : i % 3 == 0 ? mutator.Mutate(seeds[i % seeds.Length], textual: false, maxEdits: 1) : mutator.Mutate(seeds[i % seeds.Length]);
            await tally.RunAsync(i, text, async () =>
            {
                var prompts = viaStream
                    ? await encoder.ReadGeoJsonAsync(new MemoryStream(bytes))
                    : encoder.ReadGeoJson(text);
                var set = encoder.Prepare(prompts, Epsg, Transform, Roi);
                foreach (var chip in chips)
                {
                    foreach (var chipPrompt in encoder.ForChip(set, chip))
                    {
                        Assert.NotEmpty(chipPrompt.Calls);
                    }
                }
            });
        }

        tally.AssertClean(log, iterations);
        Assert.True(tally.Accepted > iterations / 40, $"only {tally.Accepted} mutated prompt files were accepted; the mutations are too destructive to reach Prepare");
        Assert.True(tally.Outcomes.GetValueOrDefault(nameof(PromptValidationException)) > iterations / 4);
    }

    /// <summary>Valid prompt files of every shape the reader knows: points, boxes, string ids, a projected crs member, CRS84.</summary>
    private static IEnumerable<string> Seeds()
    {
        var toWgs84 = CrsTransform.Create(Epsg, CrsRegistry.Wgs84);
        string LonLat(double x, double y)
        {
            var (lon, lat) = toWgs84.Transform(x, y);
            return string.Create(CultureInfo.InvariantCulture, $"[{lon:R},{lat:R}]");
        }

        string Utm(double x, double y) => string.Create(CultureInfo.InvariantCulture, $"[{x:R},{y:R}]");
        string Point(Func<double, double, string> at, double x, double y, string id, int label) =>
            $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":{{{at(x, y)}}}},"properties":{"prompt_id":{{{id}}},"label":{{{label}}}}}""";
        string Box(Func<double, double, string> at, double x0, double y0, double x1, double y1, string id) =>
            $$$"""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[{{{at(x0, y0)}}},{{{at(x1, y0)}}},{{{at(x1, y1)}}},{{{at(x0, y1)}}},{{{at(x0, y0)}}}]]},"properties":{"prompt_id":{{{id}}},"label":1}}""";
        string Collection(string? crs, params string[] features)
        {
            string crsMember = crs is null ? "" : "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"" + crs + "\"}},";
            return "{\"type\":\"FeatureCollection\"," + crsMember + "\"features\":[" + string.Join(",", features) + "]}";
        }

        yield return Collection(null, Point(LonLat, 405012.5, 4790033.3, "1", 1), Point(LonLat, 405500, 4790500, "1", 0), Point(LonLat, 410000, 4795000, "2", 1));
        yield return Collection(null, Box(LonLat, 402000, 4786000, 404000, 4788000, "7"), Point(LonLat, 403000, 4787000, "7", 1), Point(LonLat, 412000, 4797000, "8", 1));
        yield return Collection(null, Point(LonLat, 406000, 4791000, "\"field-a\"", 1), Box(LonLat, 407000, 4792000, 409000, 4794000, "\"field-b\""));
        yield return Collection("urn:ogc:def:crs:EPSG::32631", Point(Utm, 405012.5, 4790033.3, "3", 1), Box(Utm, 402000, 4786000, 414000, 4798000, "4"));
        yield return Collection("urn:ogc:def:crs:OGC:1.3:CRS84", Point(LonLat, 408000, 4789000, "5", 1), Point(LonLat, 408100, 4789100, "5", 1));
        yield return Collection(null, Enumerable.Range(0, 40).Select(k => Point(LonLat, 401500 + k * 300, 4785500 + k * 300, (k % 6).ToString(CultureInfo.InvariantCulture), k % 3 == 0 ? 0 : 1)).ToArray());
    }
}

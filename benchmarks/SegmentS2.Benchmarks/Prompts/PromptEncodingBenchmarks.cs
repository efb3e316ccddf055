using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;

namespace SegmentS2.Benchmarks.Prompts;

/// <summary>
/// Prompt encoding over a whole Sentinel-2 tile (10980 x 10980 px, 441 chips): reading the GeoJSON,
/// <c>Prepare</c> (validation, EPSG:4326 to UTM, pixel coordinates) and <c>ForChip</c> for every chip
/// (selection, box clipping and growing, decoder-call batches). Prompts: <see cref="Groups"/> prompt ids,
/// each a box with 4 foreground and 1 background point around it, spread evenly over the tile.
/// </summary>
[MemoryDiagnoser]
public class PromptEncodingBenchmarks
{
    private const int Size = 10980;
    private const int Epsg = 32631;
    private static readonly GeoTransform Transform = new(600000, 10, 0, 5000040, 0, -10);
    private readonly GeoJsonPromptEncoder _encoder = new();
    private readonly SpatialChipper _chipper = new();
    private string _geoJson = "";
    private PromptCollection _collection = null!;
    private PromptSet _prepared = null!;
    private ChipPlan _plan = null!;
    private Envelope _roi = null!;

    [Params(20, 200)]
    public int Groups { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plan = _chipper.Plan(Size, Size, Transform, null);
        _roi = new Envelope(Transform.X0, Transform.X0 + Size * Transform.Dx, Transform.Y0 + Size * Transform.Dy, Transform.Y0);
        _geoJson = PromptsGeoJson(Groups);
        _collection = _encoder.ReadGeoJson(_geoJson);
        _prepared = Prepare();
    }

    [Benchmark(Description = "ReadGeoJson")]
    public PromptCollection Read() => _encoder.ReadGeoJson(_geoJson);

    [Benchmark(Description = "Prepare (validate, reproject, to pixels)")]
    public PromptSet Prepare() => _encoder.Prepare(_collection, Epsg, _plan.RoiTransform, _roi);

    [Benchmark(Description = "ForChip, all 441 chips")]
    public int ForEveryChip()
    {
        int calls = 0;
        foreach (var chip in _plan.Chips)
        {
            foreach (var prompt in _encoder.ForChip(_prepared, chip.Read))
            {
                calls += prompt.Calls.Count;
            }
        }

        return calls;
    }

    // Prompt groups on a regular lattice over the tile: a 40 x 30 px box, four points inside it, one outside.
    private static string PromptsGeoJson(int groups)
    {
        var toLonLat = CrsTransform.Create(Epsg, CrsRegistry.Wgs84);
        var features = new List<string>();
        int perSide = (int)Math.Ceiling(Math.Sqrt(groups));
        double spacing = (Size - 400.0) / perSide;
        string Coordinate(double col, double row)
        {
            var (x, y) = Transform.PixelToMap(col, row);
            var (lon, lat) = toLonLat.Transform(x, y);
            return string.Create(CultureInfo.InvariantCulture, $"[{lon:R},{lat:R}]");
        }

        string Feature(string geometry, int id, int label) =>
            $$"""{"type":"Feature","properties":{"prompt_id":{{id}},"label":{{label}}},"geometry":{{geometry}}}""";

        for (int g = 0; g < groups; g++)
        {
            double col = 200 + (g % perSide + 0.5) * spacing + 0.37, row = 200 + (g / perSide + 0.5) * spacing + 0.41;
            string ring = string.Join(",", new[] { (0, 0), (40, 0), (40, 30), (0, 30), (0, 0) }.Select(d => Coordinate(col + d.Item1, row + d.Item2)));
            features.Add(Feature($$"""{"type":"Polygon","coordinates":[[{{ring}}]]}""", g + 1, 1));
            foreach (var (dc, dr) in new[] { (5, 5), (35, 5), (20, 15), (35, 25) })
            {
                features.Add(Feature($$"""{"type":"Point","coordinates":{{Coordinate(col + dc, row + dr)}}}""", g + 1, 1));
            }

            features.Add(Feature($$"""{"type":"Point","coordinates":{{Coordinate(col + 60, row + 15)}}}""", g + 1, 0));
        }

        return new StringBuilder("""{"type":"FeatureCollection","features":[""").AppendJoin(',', features).Append("]}").ToString();
    }
}

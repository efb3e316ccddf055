using System.Globalization;
using NetTopologySuite.IO;
using SegmentS2.Testing.Demo;
using SegmentS2.Workflow;

namespace SegmentS2.Benchmarks.RealSam;

/// <summary>
/// A field-sized job as a user would run it: a 1024 x 1024 demo scene (local COGs and STAC item), a ROI around the
/// three prompted parcels (it grows to one 1024 chip) and the demo's three prompt groups (a point, a box, a point and a
/// background point).
/// </summary>
public sealed class RealSamField
{
    private RealSamField(string item, SegmentS2Request request, string roiWkt, string promptsPath)
    {
        ItemPath = item;
        Request = request;
        RoiWkt = roiWkt;
        PromptsPath = promptsPath;
    }

    /// <summary>The scene's STAC item.</summary>
    public string ItemPath { get; }

    /// <summary>The request: field ROI, a day around the scene, the demo prompts.</summary>
    public SegmentS2Request Request { get; }

    /// <summary>The request's ROI as WKT, for <c>segment-s2 run --roi</c>.</summary>
    public string RoiWkt { get; }

    /// <summary>The request's prompts as a GeoJSON file, for <c>segment-s2 run --prompts</c>.</summary>
    public string PromptsPath { get; }

    /// <summary>Writes the scene into <paramref name="directory"/>.</summary>
    public static async Task<RealSamField> CreateAsync(string directory)
    {
        var scene = DemoScene.Create(1024);
        string item = await scene.WriteAsync(directory);
        // The ROI just around the three prompted fields (prompts must lie inside it); it grows to the one 1024 chip.
        var picks = scene.PickParcels();
        double col0 = Math.Max(1, picks.Min(p => p.Col) - 16), row0 = Math.Max(1, picks.Min(p => p.Row) - 16);
        double col1 = Math.Min(1023, picks.Max(p => p.Col + p.Width) + 28), row1 = Math.Min(1023, picks.Max(p => p.Row + p.Height) + 16);
        var corners = new[] { (col0, row0), (col1, row0), (col1, row1), (col0, row1), (col0, row0) }
            .Select(c => scene.PixelToLonLat(c.Item1, c.Item2))
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Lon:0.#########} {c.Lat:0.#########}"));
        var roi = new WKTReader().Read($"POLYGON (({string.Join(", ", corners)}))");
        var request = new SegmentS2Request
        {
            Roi = roi,
            Start = DemoScene.DateTime.AddDays(-1),
            End = DemoScene.DateTime.AddDays(1),
            Prompts = PromptInput.FromGeoJson(scene.PromptsGeoJson()),
        };
        // DemoScene.WriteAsync wrote the same prompts beside the item.
        return new RealSamField(item, request, roi.AsText(), Path.Combine(directory, "prompts.geojson"));
    }
}

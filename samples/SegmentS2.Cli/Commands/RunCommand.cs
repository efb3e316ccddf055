using System.CommandLine;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Validation;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 run --roi R --start D --end D --prompts P --encoder E --decoder D [--source pc|earth-search|local]
/// [--api-url URL] [--scene PATH] [--out DIR] ...</c>: the whole workflow on real data.
/// </summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var roi = new Option<string>("--roi") { Description = "Region of interest in EPSG:4326: a GeoJSON file or WKT.", Required = true };
        var start = new Option<string>("--start") { Description = "Start of the time range (date or RFC 3339).", Required = true };
        var end = new Option<string>("--end") { Description = "End of the time range (inclusive).", Required = true };
        var prompts = new Option<string>("--prompts") { Description = "GeoJSON FeatureCollection of point and box prompts (prompt_id, label).", Required = true };
        var encoder = new Option<string>("--encoder") { Description = "SAM image encoder ONNX file (see docs/models.md).", Required = true };
        var decoder = new Option<string>("--decoder") { Description = "SAM mask decoder ONNX file.", Required = true };
        var source = new Option<string>("--source") { Description = "pc (Planetary Computer), earth-search or local.", DefaultValueFactory = _ => "pc" };
        source.AcceptOnlyFromAmong("pc", "earth-search", "local");
        var apiUrl = new Option<string?>("--api-url") { Description = "API root of a mirror or local server." };
        var scene = new Option<string[]>("--scene") { Description = "With --source local: folders, GeoTIFFs or STAC item JSON files.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        var overlap = new Option<double>("--overlap") { Description = "Chip overlap in [0, 1).", DefaultValueFactory = _ => 0.5 };
        var maxCloud = new Option<double?>("--max-cloud") { Description = "Skip scenes whose ROI cloud fraction (SCL) exceeds N percent." };
        var policy = new Option<S2ScenePolicy>("--scenes") { Description = "Which scenes: All, LeastCloudy or Newest.", DefaultValueFactory = _ => S2ScenePolicy.All };
        var noBoa = new Option<bool>("--no-boa-offset") { Description = "Ignore the BOA offset of baseline 04.00+ scenes, as the reference does." };
        var command = new Command("run", "Segment Sentinel-2 scenes of a region and time range with SAM and point/box prompts.")
        {
            roi, start, end, prompts, encoder, decoder, source, apiUrl, scene, output, overlap, maxCloud, policy, noBoa,
        };
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(parseResult, (writer, ct) =>
        {
            string sourceName = parseResult.GetValue(source) ?? "pc";
            Uri? api = parseResult.GetValue(apiUrl) is { } a ? (Uri.TryCreate(a, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--api-url '{a}' is not an absolute URL.")) : null;
            var request = new SegmentS2Request
            {
                Roi = RoiArgument.Load(parseResult.GetRequiredValue(roi)),
                Start = SearchCommand.ParseTime(parseResult.GetRequiredValue(start), "--start", endOfDay: false),
                End = SearchCommand.ParseTime(parseResult.GetRequiredValue(end), "--end", endOfDay: true),
                Prompts = PromptInput.FromFile(parseResult.GetRequiredValue(prompts)),
            };
            return WorkflowRunner.RunAsync(o =>
            {
                o.EncoderPath = parseResult.GetRequiredValue(encoder);
                o.DecoderPath = parseResult.GetRequiredValue(decoder);
                o.OutputDirectory = parseResult.GetValue(output) ?? "out";
                o.SpatialOverlap = parseResult.GetValue(overlap);
                o.MaxCloudFraction = parseResult.GetValue(maxCloud) / 100;
                o.ScenePolicy = parseResult.GetValue(policy);
                o.ApplyBoaOffset = !parseResult.GetValue(noBoa);
                switch (sourceName)
                {
                    case "local":
                        o.Source = S2SourceKind.LocalFiles;
                        o.LocalFiles.Paths = parseResult.GetValue(scene) is { Length: > 0 } paths ? paths : throw new ArgumentException("--source local needs --scene PATH.");
                        break;
                    case "earth-search":
                        o.Source = S2SourceKind.EarthSearch;
                        o.EarthSearch.ApiUrl = api ?? o.EarthSearch.ApiUrl;
                        break;
                    default:
                        o.Source = S2SourceKind.PlanetaryComputer;
                        o.PlanetaryComputer.ApiUrl = api ?? o.PlanetaryComputer.ApiUrl;
                        break;
                }
            }, request, writer, ct);
        }, cancellationToken));
        return command;
    }
}

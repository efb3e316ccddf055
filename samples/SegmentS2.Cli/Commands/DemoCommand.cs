using System.CommandLine;
using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.Validation;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 demo [--scene PATH] [--prompts P] [--roi R] [--out DIR]</c> (also the tool with no arguments):
/// the whole workflow offline. Without <c>--scene</c> it generates a synthetic Sentinel-2-like scene, prompts that
/// pick out three parcels, and the SAM-contract demo model (NOT Segment Anything); with <c>--scene</c> it runs on
/// local data, such as a folder of band GeoTIFFs or a STAC item JSON.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var scene = new Option<string?>("--scene") { Description = "A folder of band GeoTIFFs or a STAC item JSON (default: a generated synthetic scene)." };
        var prompts = new Option<string?>("--prompts") { Description = "GeoJSON prompts (default: the demo's, or three points across --scene)." };
        var roi = new Option<string?>("--roi") { Description = "Region of interest in EPSG:4326, GeoJSON file or WKT (default: the scene's interior)." };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        var shared = new OutputArguments();
        var command = new Command("demo", "Run the whole workflow offline on a generated scene with the demo model (not SAM), or on local data with --scene.")
        {
            scene, prompts, roi, output,
        };
        shared.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(
            parseResult,
            (writer, ct) => RunAsync(parseResult.GetValue(scene), parseResult.GetValue(prompts), parseResult.GetValue(roi), parseResult.GetValue(output) ?? "out",
                writer, parseResult.InvocationConfiguration.Error, shared.Verbosity.Read(parseResult), shared.Read(parseResult), ct),
            cancellationToken));
        return command;
    }

    /// <summary>Runs the demo with the given arguments (also the root command's action).</summary>
    public static Task<int> RunAsync(string? scenePath, string? promptsPath, string? roiText, string output, TextWriter writer, CancellationToken ct) =>
        RunAsync(scenePath, promptsPath, roiText, output, writer, TextWriter.Null, CliVerbosity.Normal, _ => { }, ct);

    /// <summary>Runs the demo with the given arguments, verbosity and output options.</summary>
    public static async Task<int> RunAsync(string? scenePath, string? promptsPath, string? roiText, string output, TextWriter writer, TextWriter error,
        CliVerbosity verbosity, Action<SegmentS2Options> outputs, CancellationToken ct)
    {
        // Inputs are checked before anything is generated or written.
        var roiGiven = roiText is null ? null : RoiArgument.Load(roiText);
        var promptsGiven = promptsPath is null ? null : PromptsArgument.Load(promptsPath);
        if (scenePath is not null && !File.Exists(scenePath) && !Directory.Exists(scenePath))
        {
            throw new DirectoryNotFoundException($"--scene '{scenePath}': no such folder or file (looked for {Path.GetFullPath(scenePath)}). Give a folder of band GeoTIFFs or a STAC item JSON.");
        }

        string inputs = Path.Combine(Path.GetFullPath(output), "demo-input");
        var (encoder, decoder) = SamContractModelBuilder.WriteDemoModels(Path.Combine(inputs, "model"));
        var quietWriter = verbosity == CliVerbosity.Quiet ? TextWriter.Null : writer;
        await quietWriter.WriteLineAsync("segment-s2 demo: the model is a SAM-contract DEMO model (disc around the first foreground point, or the box interior), NOT Segment Anything. See docs/models.md to use real SAM.").ConfigureAwait(false);

        string[] scenePaths;
        Geometry roiGeometry;
        PromptInput promptInput;
        DateTimeOffset start, end;
        if (scenePath is null)
        {
            var demo = DemoScene.Create();
            string item = await demo.WriteAsync(Path.Combine(inputs, "scene"), ct).ConfigureAwait(false);
            await quietWriter.WriteLineAsync($"generated a synthetic {demo.Size} x {demo.Size} Sentinel-2-like scene (10 m, EPSG:{DemoScene.Epsg}, baseline 04.00) in {Path.GetDirectoryName(item)}").ConfigureAwait(false);
            scenePaths = [item];
            roiGeometry = roiGiven ?? new WKTReader().Read(demo.RoiWkt());
            promptInput = promptsGiven ?? PromptInput.FromGeoJson(demo.PromptsGeoJson());
            (start, end) = (DemoScene.DateTime.AddDays(-1), DemoScene.DateTime.AddDays(1));
        }
        else
        {
            scenePaths = [Path.GetFullPath(scenePath)];
            var items = await new LocalFilesSource(new LocalFilesOptions { Paths = scenePaths }).LoadItemsAsync(ct).ConfigureAwait(false);
            var first = items.Count > 0 ? items[0] : throw new ArgumentException($"--scene '{scenePath}' holds no Sentinel-2 bands.");
            var footprint = first.Footprint ?? throw new ArgumentException($"--scene '{scenePath}' has no georeferencing.");
            roiGeometry = roiGiven ?? Shrink(footprint.EnvelopeInternal, 0.04);
            promptInput = promptsGiven ?? PromptInput.FromGeoJson(PointsAcross(roiGeometry.EnvelopeInternal));
            (start, end) = (first.DateTime.AddDays(-1), first.DateTime.AddDays(1));
        }

        var request = new SegmentS2Request { Roi = roiGeometry, Start = start, End = end, Prompts = promptInput };
        return await WorkflowRunner.RunAsync(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = scenePaths;
            o.EncoderPath = encoder;
            o.DecoderPath = decoder;
            o.OutputDirectory = output;
            outputs(o);
        }, request, writer, error, verbosity, ct).ConfigureAwait(false);
    }

    private static Polygon Shrink(Envelope e, double fraction)
    {
        double dx = e.Width * fraction, dy = e.Height * fraction;
        var inner = new Envelope(e.MinX + dx, e.MaxX - dx, e.MinY + dy, e.MaxY - dy);
        return (Polygon)new GeometryFactory().ToGeometry(inner);
    }

    // Three foreground points along the diagonal of the region, one object each.
    private static string PointsAcross(Envelope e)
    {
        var features = new[] { 0.3, 0.5, 0.7 }.Select((t, i) => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{e.MinX + t * e.Width:R}}},{{{e.MaxY - t * e.Height:R}}}]},"properties":{"prompt_id":{{{i + 1}}},"label":1}}"""));
        return $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";
    }
}

using System.CommandLine;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 run --roi R --start D --end D --prompts P (--model-dir DIR | --encoder E --decoder D | --demo-model)
/// [--source pc|earth-search|local] [--api-url URL] [--scene PATH] [--out DIR] ...</c>: the whole workflow on real data.
/// <c>--scene</c> implies <c>--source local</c>; with another <c>--source</c> it is refused at once.
/// </summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var roi = new Option<string>("--roi") { Description = "Region of interest in EPSG:4326: a GeoJSON file or WKT.", Required = true };
        var start = new Option<string>("--start") { Description = "Start of the time range (date or RFC 3339).", Required = true };
        var end = new Option<string>("--end") { Description = "End of the time range, inclusive; a date means the whole day.", Required = true };
        var prompts = new Option<string>("--prompts") { Description = "Point and box prompts (prompt_id, label): a GeoJSON FeatureCollection or a GeoPackage.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        var overlap = new Option<double>("--overlap") { Description = "Chip overlap in [0, 1).", DefaultValueFactory = _ => 0.5 };
        var maxCloud = new Option<double?>("--max-cloud") { Description = "Skip scenes whose ROI cloud fraction (SCL) exceeds N percent." };
        var policy = new Option<S2ScenePolicy>("--scenes") { Description = "Which scenes: All, LeastCloudy or Newest.", DefaultValueFactory = _ => S2ScenePolicy.All };
        var noBoa = new Option<bool>("--no-boa-offset") { Description = "Ignore the BOA offset of baseline 04.00+ scenes, as the reference does." };
        var model = new ModelArguments();
        var sources = new SourceArguments();
        var shared = new OutputArguments();
        var command = new Command("run", "Segment Sentinel-2 scenes of a region and time range with SAM and point/box prompts.")
        {
            roi, start, end, prompts, output, overlap, maxCloud, policy, noBoa,
        };
        model.AddTo(command);
        sources.AddTo(command);
        shared.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(parseResult, async (writer, ct) =>
        {
            // Everything the command line says is checked here, before any file is written or any request is sent.
            var verbosity = shared.Verbosity.Read(parseResult);
            var source = sources.Read(parseResult);
            var choice = model.Read(parseResult, "run");
            var outputs = shared.Read(parseResult);
            var request = new SegmentS2Request
            {
                Roi = RoiArgument.Load(parseResult.GetRequiredValue(roi)),
                Start = SearchCommand.ParseTime(parseResult.GetRequiredValue(start), "--start", endOfDay: false),
                End = SearchCommand.ParseTime(parseResult.GetRequiredValue(end), "--end", endOfDay: true),
                Prompts = PromptsArgument.Load(parseResult.GetRequiredValue(prompts)),
            };

            using var lease = choice.Open(writer, verbosity);
            return await WorkflowRunner.RunAsync(o =>
            {
                lease.Apply(o);
                o.OutputDirectory = parseResult.GetValue(output) ?? "out";
                o.SpatialOverlap = parseResult.GetValue(overlap);
                o.MaxCloudFraction = parseResult.GetValue(maxCloud) / 100;
                o.ScenePolicy = parseResult.GetValue(policy);
                o.ApplyBoaOffset = !parseResult.GetValue(noBoa);
                outputs(o);
                source(o);
            }, request, writer, parseResult.InvocationConfiguration.Error, verbosity, ct).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }
}

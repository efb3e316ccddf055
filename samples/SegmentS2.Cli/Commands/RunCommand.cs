using System.CommandLine;
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
        var prompts = new Option<string>("--prompts") { Description = "Point and box prompts (prompt_id, label): a GeoJSON FeatureCollection or a GeoPackage.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        var overlap = new Option<double>("--overlap") { Description = "Chip overlap in [0, 1).", DefaultValueFactory = _ => 0.5 };
        var scenes = new SceneArguments();
        var model = new ModelArguments();
        var sources = new SourceArguments();
        var shared = new OutputArguments();
        var command = new Command("run", "Segment Sentinel-2 scenes of a region and time range with SAM and point/box prompts.")
        {
            prompts, output, overlap,
        };
        scenes.AddTo(command);
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
            var (roi, start, end, sceneOptions) = scenes.Read(parseResult);
            var request = new SegmentS2Request
            {
                Roi = roi,
                Start = start,
                End = end,
                Prompts = PromptsArgument.Load(parseResult.GetRequiredValue(prompts)),
            };

            using var lease = choice.Open(writer, verbosity);
            return await WorkflowRunner.RunAsync(o =>
            {
                lease.Apply(o);
                o.OutputDirectory = parseResult.GetValue(output) ?? "out";
                o.SpatialOverlap = parseResult.GetValue(overlap);
                sceneOptions(o);
                outputs(o);
                source(o);
            }, request, writer, parseResult.InvocationConfiguration.Error, verbosity, ct).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }
}

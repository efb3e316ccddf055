using System.CommandLine;
using System.Globalization;
using SegmentS2.Batch;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 batch --prompts FILE --start D --end D (--model-dir DIR | --encoder E --decoder D | --demo-model)
/// [--source pc|earth-search|local] [--api-url URL] [--scene PATH...] [--out DIR] [--scenes All|LeastCloudy|Newest]
/// [--max-cloud N] [--roi R] [--shard-index I --shard-count N] [--masks] [--fail-on-error] [--json] [-q|-v]</c>: many
/// fields in one pass into <c>fields.gpkg</c>. The model, source and verbosity options are <c>run</c>'s own.
/// </summary>
public static class BatchCommand
{
    /// <summary>The environment variable a Kubernetes Indexed Job sets to each pod's index; the default of <c>--shard-index</c>.</summary>
    public const string JobCompletionIndex = "JOB_COMPLETION_INDEX";

    /// <summary>Exit code when fields failed and <c>--fail-on-error</c> was given, or when nothing could be segmented.</summary>
    public const int FieldsFailedExitCode = 2;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var prompts = new Option<string>("--prompts") { Description = "Fields: a GeoJSON FeatureCollection or a GeoPackage of point and box prompts with prompt_id (one field each) and label.", Required = true };
        var start = new Option<string>("--start") { Description = "Start of the time range (date or RFC 3339).", Required = true };
        var end = new Option<string>("--end") { Description = "End of the time range, inclusive; a date means the whole day.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder: fields.gpkg (and masks/ with --masks).", DefaultValueFactory = _ => "out" };
        var policy = new Option<S2ScenePolicy>("--scenes") { Description = "Which scenes of each search area: All, LeastCloudy or Newest.", DefaultValueFactory = _ => S2ScenePolicy.All };
        var maxCloud = new Option<double?>("--max-cloud") { Description = "Skip scenes whose cloud fraction (SCL, over the search area) exceeds N percent." };
        var roi = new Option<string?>("--roi") { Description = "Limit the batch to a region (EPSG:4326 GeoJSON file or WKT): searched once; fields outside it fail." };
        var shardIndex = new Option<int?>("--shard-index") { Description = $"This shard's index, 0-based (default: ${JobCompletionIndex}, else 0)." };
        var shardCount = new Option<int>("--shard-count") { Description = "Number of shards splitting the chips; each writes its own fields.gpkg (combine with merge).", DefaultValueFactory = _ => 1 };
        var masks = new Option<bool>("--masks") { Description = "Also write a small mask GeoTIFF per field and scene under masks/." };
        var failOnError = new Option<bool>("--fail-on-error") { Description = $"Exit with {FieldsFailedExitCode} when any field failed." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (fields, fieldsSegmented, failures, scenes, chipsEncoded, output) and nothing else on stdout." };
        var noBoa = new Option<bool>("--no-boa-offset") { Description = "Ignore the BOA offset of baseline 04.00+ scenes, as the reference does." };
        var model = new ModelArguments();
        var sources = new SourceArguments();
        var verbosityOptions = new VerbosityArguments();
        var command = new Command("batch", "Segment many fields (one prompt_id each) in every scene of a time range, sharing chips between fields, into fields.gpkg.")
        {
            prompts, start, end, output, policy, maxCloud, roi, shardIndex, shardCount, masks, failOnError, json, noBoa,
        };
        model.AddTo(command);
        sources.AddTo(command);
        verbosityOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(parseResult, async (writer, ct) =>
        {
            // Everything the command line says is checked here, before any file is written or any request is sent.
            var verbosity = verbosityOptions.Read(parseResult);
            var source = sources.Read(parseResult);
            var choice = model.Read(parseResult, "batch");
            int count = parseResult.GetValue(shardCount);
            int index = parseResult.GetValue(shardIndex) ?? ShardIndexFromEnvironment();
            if (count < 1 || index < 0 || index >= count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--shard-index {index} must be in 0..{count - 1} for --shard-count {count}."));
            }

            var request = new BatchRequest
            {
                Prompts = PromptsArgument.Load(parseResult.GetRequiredValue(prompts)),
                Start = SearchCommand.ParseTime(parseResult.GetRequiredValue(start), "--start", endOfDay: false),
                End = SearchCommand.ParseTime(parseResult.GetRequiredValue(end), "--end", endOfDay: true),
                Roi = parseResult.GetValue(roi) is { } r ? RoiArgument.Load(r) : null,
                OutputDirectory = parseResult.GetValue(output) ?? "out",
                WriteMasks = parseResult.GetValue(masks),
                ShardIndex = index,
                ShardCount = count,
            };
            bool asJson = parseResult.GetValue(json);
            using var lease = choice.Open(asJson ? TextWriter.Null : writer, verbosity);
            return await BatchRunner.RunAsync(o =>
            {
                lease.Apply(o);
                o.OutputDirectory = request.OutputDirectory;
                o.MaxCloudFraction = parseResult.GetValue(maxCloud) / 100;
                o.ScenePolicy = parseResult.GetValue(policy);
                o.ApplyBoaOffset = !parseResult.GetValue(noBoa);
                source(o);
            }, request, asJson, parseResult.GetValue(failOnError), writer, parseResult.InvocationConfiguration.Error, verbosity, ct).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }

    private static int ShardIndexFromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(JobCompletionIndex);
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            ? index
            : throw new ArgumentException($"${JobCompletionIndex} is '{text}', not a shard index.");
    }
}

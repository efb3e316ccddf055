using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SegmentS2.Batch;
using SegmentS2.Output;

namespace SegmentS2.Cli.Commands;

/// <summary><c>segment-s2 merge DIR... --out DIR [--allow-partial] [--json]</c>: combines the <c>fields.gpkg</c> of batch shards into one.</summary>
public static class MergeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<string[]>("DIR") { Description = "Output folders of batch shards (each holding fields.gpkg).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder of the merged fields.gpkg (and masks/).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (masks, runs, output)." };
        var allowPartial = new Option<bool>("--allow-partial") { Description = "Merge an incomplete set of shards instead of refusing it." };
        var command = new Command("merge", "Combine the fields.gpkg of batch shards (segment-s2 batch --shard-index/--shard-count) into one; every shard must be given.") { inputs, output, json, allowPartial };
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(parseResult, async (writer, ct) =>
        {
            string target = parseResult.GetRequiredValue(output);
            var (masks, runs) = FieldGeoPackage.Merge(parseResult.GetRequiredValue(inputs), target, parseResult.GetValue(allowPartial), ct);
            string path = Path.GetFullPath(Path.Combine(target, FieldGeoPackage.FileName));
            if (parseResult.GetValue(json))
            {
                await writer.WriteLineAsync(new JsonObject { ["masks"] = masks, ["runs"] = runs, ["output"] = path }.ToJsonString()).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"merged {masks} mask rows and {runs} field runs into {path}")).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}

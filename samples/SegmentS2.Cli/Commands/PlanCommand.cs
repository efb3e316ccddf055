using System.CommandLine;
using System.Globalization;
using System.Text;
using SegmentS2.Chipping;
using SegmentS2.GeoTiff;
using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 plan --raster R --prompts P [--roi FILE|WKT] [--prompts-crs EPSG:N] [--overlap 0.5] [--chip 1024]
/// [--points-per-batch 64] [--json]</c>: a dry run showing the ROI window, the chip grid and each chip's exact decoder
/// prompts. Reads only the raster's header; runs no model. A thin shell over <see cref="SegmentationPlanner"/>.
/// With <c>--fields LAYER --start D --end D</c> it dry-runs <c>batch</c> instead (<see cref="FieldPlan"/>).
/// </summary>
public static class PlanCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var raster = new Option<string?>("--raster") { Description = "GeoTIFF path or http(s) URL (only its header is read); with --prompts." };
        var prompts = new Option<string?>("--prompts") { Description = "GeoJSON FeatureCollection of prompts (Point / Polygon, prompt_id, label); with --raster." };
        var fields = new Option<string?>("--fields") { Description = "Instead of --raster/--prompts: a field layer (GeoJSON or GeoPackage) to dry-run `batch` over, with --start, --end and the source options." };
        var start = new Option<string?>("--start") { Description = "With --fields: start of the time range." };
        var end = new Option<string?>("--end") { Description = "With --fields: end of the time range, inclusive." };
        var shardCount = new Option<int>("--shard-count") { Description = "With --fields: the number of shards the chips are dealt to.", DefaultValueFactory = _ => 1 };
        var sources = new SourceArguments();
        var roi = new Option<string?>("--roi") { Description = "Region of interest in EPSG:4326: a GeoJSON file or WKT. Default: the whole raster." };
        var promptsCrs = new Option<string?>("--prompts-crs") { Description = "CRS of the prompt coordinates, EPSG:NNNN (default: the GeoJSON's crs member, else EPSG:4326)." };
        var overlap = new Option<double>("--overlap") { Description = "Spatial overlap of neighbouring chips, in [0, 1).", DefaultValueFactory = _ => ChipperOptions.DefaultSpatialOverlap };
        var chip = new Option<int>("--chip") { Description = "Chip size in pixels.", DefaultValueFactory = _ => ChipperOptions.DefaultChipSize };
        var pointsPerBatch = new Option<int>("--points-per-batch") { Description = "Maximum prompt elements per decoder call.", DefaultValueFactory = _ => 64 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };

        var command = new Command("plan", "Dry run without reading pixels or running a model: a raster's ROI window, chips and every chip's SAM prompts, or (--fields) a batch's scenes, chip cover and shards.")
        {
            raster, prompts, fields, start, end, shardCount, roi, promptsCrs, overlap, chip, pointsPerBatch, json,
        };
        sources.AddTo(command);

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(
            parseResult,
            (output, ct) =>
            {
                if (parseResult.GetValue(fields) is { } layer)
                {
                    if (parseResult.GetValue(raster) is not null || parseResult.GetValue(prompts) is not null)
                    {
                        throw new ArgumentException("--fields plans a batch; --raster and --prompts plan one raster. Give one or the other.");
                    }

                    var source = sources.Read(parseResult);
                    int shards = parseResult.GetValue(shardCount);
                    var request = new SegmentS2.Batch.BatchRequest
                    {
                        Prompts = PromptsArgument.Load(layer),
                        Start = SearchCommand.ParseTime(parseResult.GetValue(start) ?? throw new ArgumentException("--fields needs --start DATE."), "--start", endOfDay: false),
                        End = SearchCommand.ParseTime(parseResult.GetValue(end) ?? throw new ArgumentException("--fields needs --end DATE."), "--end", endOfDay: true),
                        Roi = parseResult.GetValue(roi) is { } r ? RoiArgument.Load(r) : null,
                        ShardCount = shards,
                    };
                    return FieldPlan.RunAsync(source, request, parseResult.GetValue(json), output, parseResult.InvocationConfiguration.Error, ct);
                }

                return RunAsync(
                    new PlanArguments(
                        parseResult.GetValue(raster) ?? throw new ArgumentException("plan needs --raster R with --prompts P, or --fields LAYER with --start and --end."),
                        parseResult.GetValue(prompts) ?? throw new ArgumentException("plan --raster needs --prompts P."), parseResult.GetValue(roi),
                        parseResult.GetValue(promptsCrs), parseResult.GetValue(overlap), parseResult.GetValue(chip),
                        parseResult.GetValue(pointsPerBatch), parseResult.GetValue(json)),
                    output, ct);
            },
            cancellationToken));
        return command;
    }

    private sealed record PlanArguments(string Raster, string Prompts, string? Roi, string? PromptsCrs, double Overlap, int Chip, int PointsPerBatch, bool Json);

    private static async Task<int> RunAsync(PlanArguments args, TextWriter output, CancellationToken ct)
    {
        var chipper = new SpatialChipper(new ChipperOptions { ChipSize = args.Chip, SpatialOverlap = args.Overlap });
        var encoder = new GeoJsonPromptEncoder();
        int? promptsEpsg = args.PromptsCrs is null ? null : ParseEpsg(args.PromptsCrs);
        var roi = args.Roi is null ? null : RoiArgument.Load(args.Roi);
        RasterGrid grid = await ReadGridAsync(args.Raster, ct).ConfigureAwait(false);
        PromptCollection collection = await encoder.ReadGeoJsonFileAsync(args.Prompts, ct).ConfigureAwait(false);

        var plan = new SegmentationPlanner(chipper, encoder).Plan(new SegmentationPlanRequest(grid, collection)
        {
            Roi = roi,
            PromptsEpsg = promptsEpsg,
            PointsPerBatch = args.PointsPerBatch,
        });

        await output.WriteLineAsync(args.Json ? SegmentationPlanJson.ToJson(plan) : Table(plan, chipper)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Width, height, EPSG and geotransform from the raster's header; no pixel is read.</summary>
    private static async Task<RasterGrid> ReadGridAsync(string pathOrUrl, CancellationToken ct)
    {
        await using GeoTiffReader reader = await RasterSourceOpener.OpenAsync(pathOrUrl, ct).ConfigureAwait(false);
        GeoTiffImage image = reader.Image;
        if (image.Epsg is not { } epsg || image.GeoTransform is not { } transform)
        {
            throw new InvalidOptionException("--raster", pathOrUrl, "a georeferenced GeoTIFF with an EPSG code and a geotransform");
        }

        return new RasterGrid(image.Width, image.Height, epsg, transform);
    }

    /// <summary>Parses <c>EPSG:NNNN</c> (or a bare code).</summary>
    public static int ParseEpsg(string value)
    {
        string digits = value.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase) ? value[5..] : value;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int code) || code <= 0)
        {
            throw new InvalidOptionException("--prompts-crs", value, "EPSG:NNNN");
        }

        return code;
    }

    /// <summary>The plan for people: a summary, then one line per chip that will be encoded, then the skipped chips.</summary>
    public static string Table(SegmentationPlan plan, SpatialChipper chipper)
    {
        var text = new StringBuilder();
        var w = plan.RoiWindow;
        text.AppendLine(Invariant($"Raster       {plan.Raster.Width} x {plan.Raster.Height} px, EPSG:{plan.Raster.Epsg}"));
        text.AppendLine(Invariant($"ROI window   col {w.Col}, row {w.Row}, {w.Width} x {w.Height} px"));
        text.AppendLine(Invariant($"Chips        {plan.Chips.Count} ({plan.Grid.ColStarts.Count} x {plan.Grid.RowStarts.Count}) of {chipper.ChipSize} px, step {chipper.Step} px; {plan.EncodedChipCount} encoded, {plan.Chips.Count - plan.EncodedChipCount} skipped"));
        text.AppendLine($"Prompt ids   {string.Join(", ", plan.PromptIds)} (bands {string.Join(", ", plan.Prompts.Groups.Select(g => g.BandName))})");
        text.AppendLine();
        text.AppendLine($"{"Chip",5}  {"Read (col row w h)",-24}{"Write (col row w h)",-24}Prompts (id: decoder calls, points)");
        foreach (var chip in plan.Chips.Where(c => c.HasPrompts))
        {
            string prompts = string.Join("; ", chip.Prompts.Select(p =>
                Invariant($"{p.Group.OriginalId}: {p.Calls.Count} call{(p.Calls.Count == 1 ? "" : "s")}, {p.Calls.Sum(c => c.PointCount)} points{(p.BoxInChip is null ? "" : ", box")}")));
            text.AppendLine(Invariant($"{chip.Chip.Index,5}  {Window(chip.Chip.Read),-24}{Window(chip.Chip.Write),-24}{prompts}"));
        }

        var skipped = plan.Chips.Where(c => !c.HasPrompts).Select(c => c.Chip.Index).ToList();
        text.Append(skipped.Count == 0 ? "No chip skipped." : $"Skipped (no valid prompt, written as zeros): {Ranges(skipped)}");
        return text.ToString();
    }

    private static string Window(PixelWindow w) => Invariant($"{w.Col} {w.Row} {w.Width} {w.Height}");

    private static string Ranges(List<int> indexes)
    {
        var parts = new List<string>();
        for (int i = 0; i < indexes.Count;)
        {
            int j = i;
            while (j + 1 < indexes.Count && indexes[j + 1] == indexes[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? Invariant($"{indexes[i]}") : Invariant($"{indexes[i]}-{indexes[j]}"));
            i = j + 1;
        }

        return string.Join(", ", parts);
    }

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);
}

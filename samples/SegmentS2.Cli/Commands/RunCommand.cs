using System.CommandLine;
using SegmentS2.Sam.Loading;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Testing.Models;
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
        var prompts = new Option<string>("--prompts") { Description = "GeoJSON FeatureCollection of point and box prompts (prompt_id, label).", Required = true };
        var modelDir = new Option<string?>("--model-dir") { Description = "Folder holding an exported SAM encoder and decoder (vit_b_encoder.onnx + vit_b_decoder.onnx, or the other names docs/models.md lists)." };
        var modelType = new Option<string?>("--model-type") { Description = "Model type looked for in --model-dir: vit_b, vit_l, vit_h or mobile_sam; by default the folder's one pair of any of them." };
        modelType.AcceptOnlyFromAmong([.. SamModelFiles.ModelTypes]);
        var encoder = new Option<string?>("--encoder") { Description = "SAM image encoder ONNX file (see docs/models.md); with --decoder." };
        var decoder = new Option<string?>("--decoder") { Description = "SAM mask decoder ONNX file; with --encoder." };
        var demoModel = new Option<bool>("--demo-model") { Description = "Use the SAM-contract demo model that `demo` uses (NOT Segment Anything): checks a setup without exporting SAM." };
        var source = new Option<string?>("--source") { Description = "pc (Planetary Computer, the default), earth-search or local (the default with --scene)." };
        source.AcceptOnlyFromAmong("pc", "earth-search", "local");
        var apiUrl = new Option<string?>("--api-url") { Description = "API root of a mirror or local server." };
        var scene = new Option<string[]>("--scene") { Description = "Local folders, GeoTIFFs or STAC item JSON files (implies --source local).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        var overlap = new Option<double>("--overlap") { Description = "Chip overlap in [0, 1).", DefaultValueFactory = _ => 0.5 };
        var maxCloud = new Option<double?>("--max-cloud") { Description = "Skip scenes whose ROI cloud fraction (SCL) exceeds N percent." };
        var policy = new Option<S2ScenePolicy>("--scenes") { Description = "Which scenes: All, LeastCloudy or Newest.", DefaultValueFactory = _ => S2ScenePolicy.All };
        var noBoa = new Option<bool>("--no-boa-offset") { Description = "Ignore the BOA offset of baseline 04.00+ scenes, as the reference does." };
        var shared = new OutputArguments();
        var command = new Command("run", "Segment Sentinel-2 scenes of a region and time range with SAM and point/box prompts.")
        {
            roi, start, end, prompts, modelDir, modelType, encoder, decoder, demoModel, source, apiUrl, scene, output, overlap, maxCloud, policy, noBoa,
        };
        shared.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(parseResult, async (writer, ct) =>
        {
            // Everything the command line says is checked here, before any file is written or any request is sent.
            var verbosity = shared.Verbosity(parseResult);
            string[] scenes = parseResult.GetValue(scene) ?? [];
            string sourceName = parseResult.GetValue(source) ?? (scenes.Length > 0 ? "local" : "pc");
            if (scenes.Length > 0 && sourceName != "local")
            {
                throw new ArgumentException($"--scene '{string.Join(' ', scenes)}' reads local files, but --source is '{sourceName}'; drop --source (--scene implies --source local) or drop --scene.");
            }

            if (sourceName == "local" && scenes.Length == 0)
            {
                throw new ArgumentException("--source local needs --scene PATH (a folder of band GeoTIFFs, GeoTIFF files or STAC item JSON).");
            }

            Uri? api = parseResult.GetValue(apiUrl) is { } a ? (Uri.TryCreate(a, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--api-url '{a}' is not an absolute URL.")) : null;
            var model = ModelChoice.Read(parseResult.GetValue(modelDir), parseResult.GetValue(encoder), parseResult.GetValue(decoder), parseResult.GetValue(demoModel), parseResult.GetValue(modelType));
            var outputs = shared.Read(parseResult);
            var request = new SegmentS2Request
            {
                Roi = RoiArgument.Load(parseResult.GetRequiredValue(roi)),
                Start = SearchCommand.ParseTime(parseResult.GetRequiredValue(start), "--start", endOfDay: false),
                End = SearchCommand.ParseTime(parseResult.GetRequiredValue(end), "--end", endOfDay: true),
                Prompts = PromptsArgument.Load(parseResult.GetRequiredValue(prompts)),
            };

            string? demoModelFolder = null;
            try
            {
                (string? enc, string? dec) = (model.Encoder, model.Decoder);
                if (model.Demo)
                {
                    demoModelFolder = Directory.CreateTempSubdirectory("segment-s2-demo-model-").FullName;
                    (enc, dec) = SamContractModelBuilder.WriteDemoModels(demoModelFolder);
                    if (verbosity != CliVerbosity.Quiet)
                    {
                        await writer.WriteLineAsync("segment-s2 run: --demo-model is the SAM-contract DEMO model (disc around the first foreground point, or the box interior), NOT Segment Anything.").ConfigureAwait(false);
                    }
                }

                return await WorkflowRunner.RunAsync(o =>
                {
                    o.EncoderPath = enc;
                    o.DecoderPath = dec;
                    o.ModelDirectory = model.Directory;
                    o.ModelType = parseResult.GetValue(modelType);
                    o.OutputDirectory = parseResult.GetValue(output) ?? "out";
                    o.SpatialOverlap = parseResult.GetValue(overlap);
                    o.MaxCloudFraction = parseResult.GetValue(maxCloud) / 100;
                    o.ScenePolicy = parseResult.GetValue(policy);
                    o.ApplyBoaOffset = !parseResult.GetValue(noBoa);
                    outputs(o);
                    SourceArgument.Apply(o, sourceName, api, scenes);
                }, request, writer, parseResult.InvocationConfiguration.Error, verbosity, ct).ConfigureAwait(false);
            }
            finally
            {
                if (demoModelFolder is not null)
                {
                    Directory.Delete(demoModelFolder, recursive: true);
                }
            }
        }, cancellationToken));
        return command;
    }

    /// <summary>Which model <c>run</c> uses: exactly one of --model-dir, --encoder with --decoder, or --demo-model.</summary>
    private sealed record ModelChoice(string? Directory, string? Encoder, string? Decoder, bool Demo)
    {
        public static ModelChoice Read(string? directory, string? encoder, string? decoder, bool demo, string? modelType)
        {
            if (encoder is null != decoder is null)
            {
                throw new ArgumentException(encoder is null
                    ? $"--decoder '{decoder}' needs --encoder too (or use --model-dir DIR with both files in it)."
                    : $"--encoder '{encoder}' needs --decoder too (or use --model-dir DIR with both files in it).");
            }

            int ways = (directory is not null ? 1 : 0) + (encoder is not null ? 1 : 0) + (demo ? 1 : 0);
            if (ways == 0)
            {
                throw new ArgumentException("run needs a model: --model-dir DIR (an exported SAM, docs/models.md), --encoder E.onnx --decoder D.onnx, or --demo-model (the offline demo model, not SAM).");
            }

            if (ways > 1)
            {
                throw new ArgumentException("Give one model: --model-dir, --encoder with --decoder, or --demo-model, not several.");
            }

            if (directory is not null)
            {
                // Fails now, with the names looked for, rather than after the scene search.
                _ = modelType is null ? SamModelFiles.Find(directory) : SamModelFiles.Find(directory, modelType);
            }

            return new ModelChoice(directory, encoder, decoder, demo);
        }
    }
}

using System.CommandLine;
using SegmentS2.Automatic;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 auto --roi R --start D --end D (--model-dir DIR | --encoder E --decoder D | --demo-model) [--source ...]
/// [--scene PATH] [--out DIR] [--json] [--points-per-side N ...]</c>: automatic segmentation (FarmVibes' <c>auto_segment_s2</c>),
/// no prompts. The parameter flags are the reference's names in kebab case, with its defaults.
/// </summary>
public static class AutoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var defaults = new AutomaticSegmentationParameters();
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "out" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (scenes with their outputs and counts, segments) and nothing else on stdout." };
        var pointsPerSide = new Option<int>("--points-per-side") { Description = "Points per side of each chip's prompt grid.", DefaultValueFactory = _ => defaults.PointsPerSide };
        var predIou = new Option<double>("--pred-iou-thresh") { Description = "Keep masks whose predicted IoU is above this, in (0, 1).", DefaultValueFactory = _ => defaults.PredIouThresh };
        var stability = new Option<double>("--stability-score-thresh") { Description = "Keep masks whose stability score is above this, in (0, 1].", DefaultValueFactory = _ => defaults.StabilityScoreThresh };
        var stabilityOffset = new Option<double>("--stability-score-offset") { Description = "Logit offset of the stability score.", DefaultValueFactory = _ => defaults.StabilityScoreOffset };
        var perBatch = new Option<int>("--points-per-batch") { Description = "Prompts per decoder call.", DefaultValueFactory = _ => defaults.PointsPerBatch };
        var cropLayers = new Option<int>("--n-crop-layers") { Description = "Crop layers below the whole chip.", DefaultValueFactory = _ => defaults.NCropLayers };
        var cropOverlap = new Option<double>("--crop-overlap-ratio") { Description = "Overlap between crops, in [0, 1).", DefaultValueFactory = _ => defaults.CropOverlapRatio };
        var cropDownscale = new Option<int>("--crop-n-points-downscale-factor") { Description = "Points per side shrink by this factor per crop layer.", DefaultValueFactory = _ => defaults.CropNPointsDownscaleFactor };
        var overlap = new Option<double>("--spatial-overlap") { Description = "Chip overlap in [0, 1).", DefaultValueFactory = _ => defaults.SpatialOverlap };
        var chipNms = new Option<double>("--chip-nms-thr") { Description = "NMS IoU threshold within a chip, in (0, 1).", DefaultValueFactory = _ => defaults.ChipNmsThr };
        var maskNms = new Option<double>("--mask-nms-thr") { Description = "NMS IoU threshold across chips, in (0, 1).", DefaultValueFactory = _ => defaults.MaskNmsThr };
        var minArea = new Option<double>("--min-area-m2") { Description = "Leave segments under this area out of segments.gpkg (beyond the reference; 0 keeps all).", DefaultValueFactory = _ => 0 };
        var minAreaRaster = new Option<bool>("--min-area-applies-to-raster") { Description = "Also leave them out of the segmentation mask raster (off: the raster is the reference's)." };
        var scenes = new SceneArguments();
        var model = new ModelArguments();
        var sources = new SourceArguments();
        var shared = new OutputArguments();
        var command = new Command("auto", "Segment everything in a region without prompts (FarmVibes' auto_segment_s2): a point grid per chip, filtered and merged masks, segments as polygons.")
        {
            output, json,
            pointsPerSide, predIou, stability, stabilityOffset, perBatch, cropLayers, cropOverlap, cropDownscale, overlap, chipNms, maskNms, minArea, minAreaRaster,
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
            var choice = model.Read(parseResult, "auto");
            var outputs = shared.Read(parseResult);
            var parameters = new AutomaticSegmentationParameters
            {
                PointsPerSide = parseResult.GetValue(pointsPerSide),
                PredIouThresh = parseResult.GetValue(predIou),
                StabilityScoreThresh = parseResult.GetValue(stability),
                StabilityScoreOffset = parseResult.GetValue(stabilityOffset),
                PointsPerBatch = parseResult.GetValue(perBatch),
                NCropLayers = parseResult.GetValue(cropLayers),
                CropOverlapRatio = parseResult.GetValue(cropOverlap),
                CropNPointsDownscaleFactor = parseResult.GetValue(cropDownscale),
                SpatialOverlap = parseResult.GetValue(overlap),
                ChipNmsThr = parseResult.GetValue(chipNms),
                MaskNmsThr = parseResult.GetValue(maskNms),
                MinAreaM2 = parseResult.GetValue(minArea),
                MinAreaAppliesToRaster = parseResult.GetValue(minAreaRaster),
            };
            parameters.Validate();
            var (roi, start, end, sceneOptions) = scenes.Read(parseResult);
            var request = new AutomaticSegmentationRequest
            {
                Roi = roi,
                Start = start,
                End = end,
                Parameters = parameters,
                OutputDirectory = parseResult.GetValue(output) ?? "out",
            };

            using var lease = choice.Open(writer, verbosity);
            return await AutoRunner.RunAsync(o =>
            {
                lease.Apply(o);
                o.OutputDirectory = request.OutputDirectory;
                sceneOptions(o);
                outputs(o);
                source(o);
            }, request, parseResult.GetValue(json), writer, parseResult.InvocationConfiguration.Error, verbosity, ct).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }
}

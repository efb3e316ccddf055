using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SegmentS2.Automatic;
using SegmentS2.Workflow;

namespace SegmentS2.Cli;

/// <summary>Runs <c>segment-s2 auto</c>: builds the workflow through <c>AddSegmentS2</c>, prints a line per chip (unless quiet or <c>--json</c>) and the summary.</summary>
public static class AutoRunner
{
    /// <summary>Runs one request; returns the process exit code.</summary>
    /// <param name="configure">Sets the workflow's options.</param>
    /// <param name="request">The run.</param>
    /// <param name="json">Print one JSON object and nothing else on <paramref name="output"/>.</param>
    /// <param name="output">Progress and the summary.</param>
    /// <param name="error">Log events.</param>
    /// <param name="verbosity">How much is printed.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<int> RunAsync(Action<SegmentS2Options> configure, AutomaticSegmentationRequest request, bool json, TextWriter output, TextWriter error,
        CliVerbosity verbosity, CancellationToken cancellationToken)
    {
        await using var provider = CliServices.ForOneRequest(configure, error, verbosity);
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();
        string? last = null;
        var progress = json || verbosity == CliVerbosity.Quiet ? null : new SyncProgress<SegmentS2Progress>(p =>
        {
            string line = p.Stage switch
            {
                SegmentS2Stage.Searching => "searching scenes",
                SegmentS2Stage.OpeningScene => $"scene {p.SceneIndex + 1}/{p.SceneCount}: opening",
                SegmentS2Stage.Segmenting => $"scene {p.SceneIndex + 1}/{p.SceneCount}: chip {p.ChipIndex}/{p.ChipCount}",
                SegmentS2Stage.Writing => $"scene {p.SceneIndex + 1}/{p.SceneCount}: selecting and writing",
                _ => "done",
            };
            if (p.Stage != SegmentS2Stage.Completed && line != last)
            {
                last = line;
                output.WriteLine(line);
            }
        });
        var result = await workflow.RunAutomaticAsync(request, progress, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            // JSON nodes, not anonymous types: the published tool is compiled ahead of time, without reflection over them.
            await output.WriteLineAsync(new JsonObject
            {
                ["output"] = result.OutputDirectory,
                ["segments"] = result.SegmentsPath,
                ["scenes"] = new JsonArray([.. result.Scenes.Select(s => new JsonObject
                {
                    ["sceneId"] = s.SceneId,
                    ["dateTime"] = s.DateTime,
                    ["segmentationMask"] = s.SegmentationMaskPath,
                    ["s2Raster"] = s.S2RasterPath,
                    ["quickLook"] = s.QuickLookPath,
                    ["chips"] = s.ChipsTotal,
                    ["chipsEncoded"] = s.ChipsEncoded,
                    ["promptsDecoded"] = s.PromptsDecoded,
                    ["masksFiltered"] = s.MasksFiltered,
                    ["masksKept"] = s.MasksKept,
                    ["segments"] = s.Segments,
                    ["seconds"] = Math.Round(s.Timings.Total.TotalSeconds, 2),
                })]),
            }.ToJsonString()).ConfigureAwait(false);
            return 0;
        }

        foreach (var s in result.Scenes)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"scene {s.SceneId} ({s.DateTime:yyyy-MM-dd}): {s.ChipsTotal} chips, {s.ChipsEncoded} encoded, {s.PromptsDecoded} prompts, {s.MasksFiltered} masks passed the filters, {s.MasksKept} kept, {s.Segments} segments, {s.Timings.Total.TotalSeconds:0.0} s")).ConfigureAwait(false);
            await output.WriteLineAsync($"  segmentation mask: {s.SegmentationMaskPath ?? "(none: no mask kept)"}").ConfigureAwait(false);
            if (s.S2RasterPath is not null)
            {
                await output.WriteLineAsync($"  s2 raster:         {s.S2RasterPath}").ConfigureAwait(false);
            }

            if (s.QuickLookPath is not null)
            {
                await output.WriteLineAsync($"  quick-look:        {s.QuickLookPath}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync($"segments: {result.SegmentsPath}").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"done: {result.Scenes.Count} scene(s), outputs in {result.OutputDirectory}")).ConfigureAwait(false);
        return 0;
    }
}

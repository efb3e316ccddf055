using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SegmentS2.Workflow;

namespace SegmentS2.Cli;

/// <summary>
/// Builds the workflow through <c>AddSegmentS2</c>, runs it with progress (a bar on a terminal, one line per chip
/// otherwise), and prints where the outputs are once the progress has ended. Log events go to the error stream, one
/// line each (<see cref="CliLoggerProvider"/>).
/// </summary>
public static class WorkflowRunner
{
    /// <summary>Runs one request; returns the process exit code.</summary>
    public static Task<int> RunAsync(Action<SegmentS2Options> configure, SegmentS2Request request, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(configure, request, output, TextWriter.Null, CliVerbosity.Normal, cancellationToken);

    /// <summary>Runs one request; returns the process exit code.</summary>
    /// <param name="configure">Sets the workflow's options.</param>
    /// <param name="request">The run.</param>
    /// <param name="output">Progress and the summary.</param>
    /// <param name="error">Log events.</param>
    /// <param name="verbosity">How much is printed.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<int> RunAsync(Action<SegmentS2Options> configure, SegmentS2Request request, TextWriter output, TextWriter error,
        CliVerbosity verbosity, CancellationToken cancellationToken)
    {
        await using var provider = CliServices.ForOneRequest(configure, error, verbosity);
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();

        SegmentS2Result result;
        bool interactive = verbosity != CliVerbosity.Quiet && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        if (interactive)
        {
            result = await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("searching", maxValue: 1.0);
                    var progress = new SyncProgress<SegmentS2Progress>(p =>
                    {
                        task.Description = Describe(p);
                        task.Value = p.Fraction;
                    });
                    var r = await workflow.RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
                    task.Value = 1.0;
                    task.Description = "done";
                    return r;
                }).ConfigureAwait(false);
        }
        else
        {
            // Reported on the workflow's thread, in order: every chip gets its line, and all lines come before the summary.
            string? last = null;
            var progress = new SyncProgress<SegmentS2Progress>(p =>
            {
                string line = Describe(p);
                if (verbosity != CliVerbosity.Quiet && p.Stage != SegmentS2Stage.Completed && line != last)
                {
                    last = line;
                    output.WriteLine(line);
                }
            });
            result = await workflow.RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }

        await WriteSummaryAsync(result, output).ConfigureAwait(false);
        return 0;
    }

    private static async Task WriteSummaryAsync(SegmentS2Result result, TextWriter output)
    {
        foreach (var scene in result.Scenes)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"scene {scene.SceneId} ({scene.DateTime:yyyy-MM-dd}): {scene.Prompts} prompts, {scene.ChipsTotal} chips, {scene.ChipsEncoded} encoded, {scene.ChipsSkipped} skipped, {scene.Timings.Total.TotalSeconds:0.0} s")).ConfigureAwait(false);
            await output.WriteLineAsync($"  segmentation mask: {scene.SegmentationMaskPath}").ConfigureAwait(false);
            if (scene.S2RasterPath is not null)
            {
                await output.WriteLineAsync($"  s2 raster:         {scene.S2RasterPath} ({scene.S2RasterBands.Count} bands: {string.Join(",", scene.S2RasterBands)})").ConfigureAwait(false);
            }

            if (scene.PolygonsPath is not null)
            {
                await output.WriteLineAsync($"  polygons:          {scene.PolygonsPath}").ConfigureAwait(false);
            }

            if (scene.QuickLookPath is not null)
            {
                await output.WriteLineAsync($"  quick-look:        {scene.QuickLookPath}").ConfigureAwait(false);
            }

            foreach (var (id, pixels) in scene.ForegroundPixels)
            {
                await output.WriteLineAsync($"  prompt {id}: band {scene.PromptBands[id]}, {pixels} foreground pixels").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"done: {result.Scenes.Count} scene(s), outputs in {result.OutputDirectory}")).ConfigureAwait(false);
    }

    private static string Describe(SegmentS2Progress p) => p.Stage switch
    {
        SegmentS2Stage.Searching => "searching scenes",
        SegmentS2Stage.OpeningScene => $"scene {p.SceneIndex + 1}/{p.SceneCount}: opening",
        SegmentS2Stage.Segmenting => $"scene {p.SceneIndex + 1}/{p.SceneCount}: chip {p.ChipIndex}/{p.ChipCount}, {p.BytesRead / 1024} KiB read",
        SegmentS2Stage.Writing => $"scene {p.SceneIndex + 1}/{p.SceneCount}: writing outputs",
        _ => "done",
    };
}

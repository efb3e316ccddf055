using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using SegmentS2.DependencyInjection;
using SegmentS2.Workflow;

namespace SegmentS2.Cli;

/// <summary>Builds the workflow through <c>AddSegmentS2</c>, runs it with a progress bar, and prints where the outputs are.</summary>
public static class WorkflowRunner
{
    /// <summary>Runs one request; returns the process exit code.</summary>
    public static async Task<int> RunAsync(Action<SegmentS2Options> configure, SegmentS2Request request, TextWriter output, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSegmentS2(configure);
        await using var provider = services.BuildServiceProvider();
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();

        SegmentS2Result result;
        bool interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        if (interactive)
        {
            result = await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("searching", maxValue: 1.0);
                    var progress = new Progress<SegmentS2Progress>(p =>
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
            var lastStage = (SegmentS2Stage)(-1);
            var progress = new Progress<SegmentS2Progress>(p =>
            {
                if (p.Stage != lastStage)
                {
                    lastStage = p.Stage;
                    output.WriteLine(Describe(p));
                }
            });
            result = await workflow.RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }

        foreach (var scene in result.Scenes)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"scene {scene.SceneId} ({scene.DateTime:yyyy-MM-dd}): {scene.Prompts} prompts, {scene.ChipsTotal} chips, {scene.ChipsEncoded} encoded, {scene.ChipsSkipped} skipped, {scene.Timings.Total.TotalSeconds:0.0} s")).ConfigureAwait(false);
            await output.WriteLineAsync($"  segmentation mask: {scene.SegmentationMaskPath}").ConfigureAwait(false);
            if (scene.S2RasterPath is not null)
            {
                await output.WriteLineAsync($"  s2 raster:         {scene.S2RasterPath}").ConfigureAwait(false);
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

        return 0;
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

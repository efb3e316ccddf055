using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;
using SegmentS2.Batch;
using SegmentS2.Cli.Commands;
using SegmentS2.DependencyInjection;
using SegmentS2.Workflow;

namespace SegmentS2.Cli;

/// <summary>Runs <see cref="SegmentS2Workflow.RunBatchAsync"/> with a progress bar and a summary table, or one JSON object.</summary>
public static class BatchRunner
{
    /// <summary>Runs one batch; returns the process exit code.</summary>
    public static async Task<int> RunAsync(Action<SegmentS2Options> configure, BatchRequest request, bool json, bool failOnError, TextWriter output, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            // Logs go to stderr, so stdout holds only the summary (or the one JSON object).
            b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        services.AddSegmentS2(o =>
        {
            // This provider serves one request and is disposed: no chip follows the last, so its arena can go (docs/models.md).
            o.ReleaseEncoderMemoryAfterRun = true;
            configure(o);
        });
        await using var provider = services.BuildServiceProvider();
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();

        BatchResult result;
        bool interactive = !json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        if (interactive)
        {
            result = await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("searching", maxValue: 1.0);
                    var progress = new Progress<BatchProgress>(p =>
                    {
                        task.Description = Describe(p);
                        task.Value = p.Fraction;
                    });
                    var r = await workflow.RunBatchAsync(request, progress, cancellationToken).ConfigureAwait(false);
                    task.Value = 1.0;
                    task.Description = "done";
                    return r;
                }).ConfigureAwait(false);
        }
        else
        {
            var last = (BatchStage)(-1);
            var progress = json ? null : new Progress<BatchProgress>(p =>
            {
                if (p.Stage != last)
                {
                    last = p.Stage;
                    output.WriteLine(Describe(p));
                }
            });
            result = await workflow.RunBatchAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                fields = result.Fields,
                fieldsSegmented = result.FieldsSegmented,
                failures = result.Failures.Select(f => new { promptId = f.PromptId, reason = f.Reason }),
                scenes = result.Scenes,
                chipsEncoded = result.ChipsEncoded,
                output = result.Output,
                shard = new { index = result.Shard.Index, count = result.Shard.Count },
            })).ConfigureAwait(false);
        }
        else
        {
            WriteSummary(result, output);
        }

        bool nothingSegmented = result.FieldsSegmented == 0 && (result.FieldScenePairs > 0 || result.ChipsPlannedAllShards == 0);
        return nothingSegmented || (failOnError && result.Failures.Count > 0) ? BatchCommand.FieldsFailedExitCode : 0;
    }

    private static void WriteSummary(BatchResult result, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = InteractionSupport.No,
        });
        var table = new Table().AddColumn("fields").AddColumn("segmented").AddColumn("failed").AddColumn("scenes").AddColumn("chips encoded").AddColumn("chips (shard / all)");
        table.AddRow(Text(result.Fields), Text(result.FieldsSegmented), Text(result.Failures.Count), Text(result.Scenes), Text(result.ChipsEncoded),
            string.Create(CultureInfo.InvariantCulture, $"{result.ChipsPlanned} / {result.ChipsPlannedAllShards}"));
        console.Write(table);
        if (result.Failures.Count > 0)
        {
            var failures = new Table().AddColumn("prompt_id").AddColumn("reason");
            foreach (var f in result.Failures)
            {
                failures.AddRow(Markup.Escape(f.PromptId), Markup.Escape(f.Reason));
            }

            console.Write(failures);
        }

        output.WriteLine($"output: {result.Output}");
        static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    private static string Describe(BatchProgress p) => p.Stage switch
    {
        BatchStage.Searching => "searching scenes",
        BatchStage.Planning => $"scene {p.SceneIndex + 1}/{p.SceneCount}: choosing chips",
        BatchStage.Segmenting => $"scene {p.SceneIndex + 1}/{p.SceneCount}: chip {p.ChipsDone}/{p.ChipCount}, {p.FieldScenesDone} field-scenes done of {p.FieldCount} fields",
        _ => "done",
    };
}

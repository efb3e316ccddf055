using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SegmentS2.Batch;
using SegmentS2.Cli.Commands;
using SegmentS2.Workflow;

namespace SegmentS2.Cli;

/// <summary>Runs <see cref="SegmentS2.Batch.SegmentS2WorkflowBatchExtensions.RunBatchAsync"/> with a progress bar and a summary table, or one JSON object.</summary>
public static class BatchRunner
{
    /// <summary>Runs one batch; returns the process exit code.</summary>
    /// <param name="configure">Sets the workflow's options.</param>
    /// <param name="request">The batch.</param>
    /// <param name="json">Print one JSON object and nothing else on <paramref name="output"/>.</param>
    /// <param name="failOnError">Exit with <see cref="BatchCommand.FieldsFailedExitCode"/> when a field failed.</param>
    /// <param name="output">Progress and the summary (or the JSON object).</param>
    /// <param name="error">Log events, one line each (<see cref="CliLoggerProvider"/>), as <c>run</c> prints them.</param>
    /// <param name="verbosity">How much is printed.</param>
    /// <param name="cancellationToken">Cancels the batch between chips.</param>
    public static async Task<int> RunAsync(Action<SegmentS2Options> configure, BatchRequest request, bool json, bool failOnError, TextWriter output, TextWriter error,
        CliVerbosity verbosity, CancellationToken cancellationToken)
    {
        await using var provider = CliServices.ForOneRequest(configure, error, verbosity);
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();

        BatchResult result;
        bool interactive = !json && verbosity != CliVerbosity.Quiet && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        if (interactive)
        {
            result = await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("searching", maxValue: 1.0);
                    var progress = new SyncProgress<BatchProgress>(p =>
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
            // Reported on the batch's thread, in order: every chip gets its line, and all lines come before the summary.
            string? last = null;
            var progress = json || verbosity == CliVerbosity.Quiet ? null : new SyncProgress<BatchProgress>(p =>
            {
                string line = Describe(p);
                if (p.Stage != BatchStage.Completed && line != last)
                {
                    last = line;
                    output.WriteLine(line);
                }
            });
            result = await workflow.RunBatchAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            // JSON nodes, not anonymous types: the published tool is compiled ahead of time, without reflection over them.
            await output.WriteLineAsync(new JsonObject
            {
                ["fields"] = result.Fields,
                ["fieldsSegmented"] = result.FieldsSegmented,
                ["failures"] = FieldPlan.FailuresJson(result.Failures),
                ["scenes"] = result.Scenes,
                ["chipsEncoded"] = result.ChipsEncoded,
                ["output"] = result.Output,
                ["shard"] = new JsonObject { ["index"] = result.Shard.Index, ["count"] = result.Shard.Count },
            }.ToJsonString()).ConfigureAwait(false);
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

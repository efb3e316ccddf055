using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentS2.Batch;
using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 plan --fields LAYER --start D --end D [source options] [--roi R] [--shard-count N] [--json]</c>: the dry
/// run of <c>batch</c> over a field layer: the scenes found, each scene's chips with their fields and shard, and the fields
/// that would fail before any chip. Reads scene headers; reads no pixel and runs no model.
/// </summary>
public static class FieldPlan
{
    /// <summary>Plans the batch and prints it; returns the exit code.</summary>
    public static async Task<int> RunAsync(Action<SegmentS2Options> configure, BatchRequest request, bool json, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().AddProvider(new CliLoggerProvider(error, CliVerbosity.Normal)).SetMinimumLevel(LogLevel.Warning));
        // A plan runs no model: the session is never loaded, and any use of it is a bug.
        services.AddSingleton<ISamSession, NoModel>();
        services.AddSegmentS2(configure);
        await using var provider = services.BuildServiceProvider();
        var plan = await provider.GetRequiredService<SegmentS2Workflow>().PlanBatchAsync(request, ct).ConfigureAwait(false);
        await output.WriteLineAsync(json ? Json(plan) : Table(plan)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The plan for people: per scene one line per chip (window, shard, fields), then the failures.</summary>
    public static string Table(BatchPlan plan)
    {
        var text = new StringBuilder();
        int chips = plan.Scenes.Sum(s => s.Chips.Count);
        text.AppendLine(Invariant($"Fields       {plan.Fields} ({plan.Failures.Count} fail before any chip)"));
        text.AppendLine(Invariant($"Scenes       {plan.Scenes.Count}, {chips} chips over {plan.ShardCount} shard{(plan.ShardCount == 1 ? "" : "s")}"));
        foreach (var scene in plan.Scenes)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"Scene {scene.SceneId} ({scene.DateTime:yyyy-MM-dd}, EPSG:{scene.Epsg}): {scene.Chips.Count} chips, {scene.Chips.Sum(c => c.FieldIds.Count)} fields"));
            text.AppendLine($"  {"Read (col row w h)",-24}{"Shard",6}  Fields");
            foreach (var chip in scene.Chips)
            {
                var w = chip.Window;
                text.AppendLine(Invariant($"  {$"{w.Col} {w.Row} {w.Width} {w.Height}",-24}{chip.Shard,6}  {chip.FieldIds.Count}: {string.Join(", ", chip.FieldIds.Take(12))}{(chip.FieldIds.Count > 12 ? ", ..." : "")}"));
            }
        }

        if (plan.Failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Failing before any chip:");
            foreach (var f in plan.Failures)
            {
                text.AppendLine($"  {f.PromptId}: {f.Reason}");
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The plan as one JSON object.</summary>
    /// <remarks>JSON nodes, not anonymous types: the published tool is compiled ahead of time, without reflection over them.</remarks>
    public static string Json(BatchPlan plan) => new JsonObject
    {
        ["fields"] = plan.Fields,
        ["shardCount"] = plan.ShardCount,
        ["scenes"] = new JsonArray([.. plan.Scenes.Select(s => new JsonObject
        {
            ["id"] = s.SceneId,
            ["datetime"] = s.DateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            ["epsg"] = s.Epsg,
            ["chips"] = new JsonArray([.. s.Chips.Select(c => new JsonObject
            {
                ["window"] = new JsonArray(c.Window.Col, c.Window.Row, c.Window.Width, c.Window.Height),
                ["shard"] = c.Shard,
                ["fields"] = new JsonArray([.. c.FieldIds.Select(id => (JsonNode?)id)]),
            })]),
        })]),
        ["failures"] = FailuresJson(plan.Failures),
    }.ToJsonString();

    /// <summary>Fields that failed, as the JSON of <c>plan --fields</c> and <c>batch --json</c> list them: prompt id and reason.</summary>
    public static JsonArray FailuresJson(IEnumerable<BatchFailure> failures) =>
        new([.. failures.Select(f => new JsonObject { ["promptId"] = f.PromptId, ["reason"] = f.Reason })]);

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    // Stands in for the SAM session a plan never uses.
    private sealed class NoModel : ISamSession
    {
        public SamModelInfo Model => throw Unused();

        public long EncoderRuns => 0;

        public long DecoderRuns => 0;

        public SamSessionStatistics Statistics => throw Unused();

        public ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default) => throw Unused();

        public ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default) => throw Unused();

        public void Dispose()
        {
        }

        private static InvalidOperationException Unused() => new("segment-s2 plan runs no model.");
    }
}

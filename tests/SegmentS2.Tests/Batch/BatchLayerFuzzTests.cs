using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SegmentS2.Batch;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.Reliability.Fuzzing;
using SegmentS2.Workflow;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Batch;

/// <summary>
/// Hostile field layers (byte and structural mutations of the 36-field layer) through a whole batch: each ends in a
/// result or a SegmentS2 exception with a message, never another exception or a hang, and nothing is written outside
/// the batch's output folder (mask file names come from field ids, half the runs write them).
/// </summary>
public sealed class BatchLayerFuzzTests(BatchFixture fx, ITestOutputHelper log) : IClassFixture<BatchFixture>
{
    [Fact]
    public async Task Mutated_field_layers_end_in_a_result_or_a_clear_refusal_and_write_only_inside_the_output_folder()
    {
        int iterations = FuzzSettings.Iterations(60);
        string sandbox = fx.NewOutputDirectory() + "-fuzz";
        Directory.CreateDirectory(sandbox);
        var before = Directory.EnumerateFileSystemEntries(fx.Root).Where(e => e != sandbox).Order(StringComparer.Ordinal).ToArray();
        var seed = JsonNode.Parse(await File.ReadAllTextAsync(fx.PromptsPath))!;
        var mutator = new JsonMutator(FuzzSettings.Seed);
        var tally = new FuzzTally("batch field layers");

        await using var provider = fx.CreateServices(Path.Combine(sandbox, "default-out"));
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();
        for (int i = 0; i < iterations; i++)
        {
            string layer = Path.Combine(sandbox, $"layer-{i}.geojson");
            if (i % 2 == 0)
            {
                await File.WriteAllBytesAsync(layer, mutator.MutateBytes(seed));
            }
            else
            {
                await File.WriteAllTextAsync(layer, mutator.Mutate(seed, textual: i % 4 == 1, maxEdits: 1));
            }

            string output = Path.Combine(sandbox, $"out-{i}");
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a hang fails as a cancellation, not as a stuck suite
            await tally.RunAsync(i, await File.ReadAllTextAsync(layer), async () =>
            {
                var result = await workflow.RunBatchAsync(new BatchRequest
                {
                    Prompts = PromptInput.FromFile(layer),
                    Start = DemoScene.DateTime.AddDays(-5),
                    End = DemoScene.DateTime.AddDays(5),
                    OutputDirectory = output,
                    WriteMasks = i % 3 == 0,
                }, null, limit.Token);
                Assert.Equal(result.Fields, result.FieldsSegmented + result.Failures.Count);
                Assert.All(result.Failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
            });
        }

        tally.AssertClean(log, iterations, TimeSpan.FromMinutes(1));
        Assert.True(tally.Accepted > 0, "no mutated layer reached a run");
        // A layer is refused whole only when it cannot be read as a layer; a bad field (off the globe, a bad id or label)
        // fails alone inside a run.
        Assert.Subset(new HashSet<string> { "accepted", nameof(SegmentS2.Prompts.PromptValidationException) }, tally.Outcomes.Keys.ToHashSet());

        // Nothing outside the sandbox changed, and inside it only the layers and the output folders exist.
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(fx.Root).Where(e => e != sandbox).Order(StringComparer.Ordinal).ToArray());
        Assert.All(Directory.EnumerateFileSystemEntries(sandbox), e =>
            Assert.Matches(@"[/\\](layer-\d+\.geojson|out-\d+)$", e));
        Assert.False(Directory.Exists(Path.Combine(sandbox, "default-out")));
    }
}

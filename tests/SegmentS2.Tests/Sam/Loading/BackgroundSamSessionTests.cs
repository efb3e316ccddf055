using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO;
using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Sam.Loading;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.Workflow;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Sam.Loading;

/// <summary>
/// The session <c>AddSegmentS2</c> registers loads its models on a worker thread from its creation, so the search, the
/// scene opening and the first read overlap ONNX Runtime's session build; every member waits for the load, and a load
/// that fails throws its own exception from the first member used.
/// </summary>
[Collection(DemoWorkflowCollection.Name)]
public class BackgroundSamSessionTests(DemoWorkflowFixture fx)
{
    private static readonly SamModelInfo Info = new(SamEncoderLayout.NchwNormalized, "x", 1024, [1, 256, 64, 64], "model");

    [Fact]
    public async Task Creation_returns_while_the_load_runs_and_every_member_waits_for_it()
    {
        using var gate = new ManualResetEventSlim();
        var inner = new RecordingSession();
        int loadThread = -1, creatingThread = Environment.CurrentManagedThreadId;
        using var session = new BackgroundSamSession(() =>
        {
            loadThread = Environment.CurrentManagedThreadId;
            gate.Wait();
            return inner;
        });

        var embedding = session.GetEmbeddingAsync(new SamEncoderInput(new float[3], 1, 1, "chip")).AsTask();
        var decoded = session.DecodeAsync(inner.Embedding, new ChipPrompt(new PromptGroup(0, "p", [], null), [], null), new byte[1]).AsTask();
        await Task.Delay(100);
        Assert.False(embedding.IsCompleted);
        Assert.False(decoded.IsCompleted);

        gate.Set();
        Assert.Same(inner.Embedding, await embedding);
        await decoded;
        Assert.Same(Info, session.Model);
        Assert.Equal((1, 1), (inner.Encodes, inner.Decodes));
        Assert.NotEqual(creatingThread, loadThread);
    }

    [Fact]
    public async Task A_failed_load_throws_its_own_exception_from_every_member_and_dispose_leaves_it_observed()
    {
        var session = new BackgroundSamSession(() => throw new SamModelLoadException("encoder.onnx", "not a model"));

        var fromCall = await Assert.ThrowsAsync<SamModelLoadException>(() => session.GetEmbeddingAsync(new SamEncoderInput(new float[3], 1, 1, "chip")).AsTask());
        Assert.Equal("not a model", fromCall.Message);
        Assert.Throws<SamModelLoadException>(() => session.Model);
        session.Dispose();
    }

    [Fact]
    public void Dispose_waits_for_the_load_and_disposes_the_loaded_session_once()
    {
        var inner = new RecordingSession();
        var session = new BackgroundSamSession(() => inner);
        session.Dispose();
        session.Dispose();
        Assert.Equal(1, inner.Disposals);
    }

    [Fact]
    public async Task Through_AddSegmentS2_a_corrupt_encoder_fails_the_run_with_the_loaders_exception_and_leaves_no_output_folder()
    {
        string encoder = Path.Combine(fx.Root, "corrupt-" + Guid.NewGuid().ToString("N")[..8] + ".onnx");
        await File.WriteAllBytesAsync(encoder, [1, 2, 3, 4, 5, 6, 7, 8]);
        string output = fx.NewOutputDirectory();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [fx.ItemPath];
            o.EncoderPath = encoder;
            o.DecoderPath = fx.DecoderPath;
            o.OutputDirectory = output;
        });
        await using var provider = services.BuildServiceProvider();

        // Resolving starts the load and returns; the run meets the failure when it first needs the model.
        var workflow = provider.GetRequiredService<SegmentS2Workflow>();
        var error = await Assert.ThrowsAsync<SamModelLoadException>(() => workflow.RunAsync(new SegmentS2Request
        {
            Roi = new WKTReader().Read(fx.Scene.RoiWkt()),
            Start = DemoScene.DateTime.AddDays(-5),
            End = DemoScene.DateTime.AddDays(5),
            Prompts = PromptInput.FromGeoJson(fx.Scene.PromptsGeoJson()),
        }));
        Assert.Contains(Path.GetFileName(encoder), error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    private sealed class RecordingSession : ISamSession
    {
        public SamEmbedding Embedding { get; } = new(new float[256 * 64 * 64], [1, 256, 64, 64], "chip", 1, 1, "model");

        public int Encodes { get; private set; }

        public int Decodes { get; private set; }

        public int Disposals { get; private set; }

        public SamModelInfo Model => Info;

        public long EncoderRuns => Encodes;

        public long DecoderRuns => Decodes;

        public SamSessionStatistics Statistics => new();

        public ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default)
        {
            Encodes++;
            return ValueTask.FromResult(Embedding);
        }

        public ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            Decodes++;
            return ValueTask.CompletedTask;
        }

        public void Dispose() => Disposals++;
    }
}

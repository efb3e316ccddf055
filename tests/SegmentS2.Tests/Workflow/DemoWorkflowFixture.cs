using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;

namespace SegmentS2.Tests.Workflow;

/// <summary>The demo scene (COGs + STAC item) and the SAM-contract demo models, generated once per test class.</summary>
public sealed class DemoWorkflowFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("segment-s2-workflow").FullName;

    public DemoScene Scene { get; } = DemoScene.Create(1536);

    public string ItemPath { get; private set; } = "";

    public string EncoderPath { get; private set; } = "";

    public string DecoderPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ItemPath = await Scene.WriteAsync(Path.Combine(Root, "scene"));
        (EncoderPath, DecoderPath) = SamContractModelBuilder.WriteDemoModels(Path.Combine(Root, "models"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    public string NewOutputDirectory() => Path.Combine(Root, "out-" + Guid.NewGuid().ToString("N")[..8]);
}

using NetTopologySuite.IO;
using SegmentS2.Projection;
using SegmentS2.Raster;
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

    /// <summary>
    /// The demo ROI's window on the scene grid, worked out here rather than by the library's planner: every pixel the
    /// ROI's envelope in UTM touches (reference rule).
    /// </summary>
    public PixelWindow RoiWindow()
    {
        var roi = CrsTransform.Create(4326, DemoScene.Epsg).Transform(new WKTReader().Read(Scene.RoiWkt())).EnvelopeInternal;
        var gt = Scene.GeoTransform;
        int col0 = (int)Math.Floor((roi.MinX - gt.X0) / gt.Dx), col1 = (int)Math.Ceiling((roi.MaxX - gt.X0) / gt.Dx);
        int row0 = (int)Math.Floor((roi.MaxY - gt.Y0) / gt.Dy), row1 = (int)Math.Ceiling((roi.MinY - gt.Y0) / gt.Dy);
        return new PixelWindow(col0, row0, col1 - col0, row1 - row0);
    }
}

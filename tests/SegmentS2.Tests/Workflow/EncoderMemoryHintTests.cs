using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO;
using SegmentS2.Sam;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.Sam;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Workflow;

/// <summary>
/// The workflow asks the encoder to give its working memory back after the run's last encoded chip only: earlier chips
/// keep ONNX Runtime's arena warm for the next one (regrowing it costs about a first run with SAM).
/// </summary>
[Collection(DemoWorkflowCollection.Name)]
public class EncoderMemoryHintTests(DemoWorkflowFixture fx)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Only_the_last_encoded_chip_of_a_multi_chip_run_carries_the_release_hint_unless_the_option_is_off(bool release)
    {
        // Points at ROI-window pixels in three different chips of the multi-chip ROI, one prompt id each.
        var window = fx.RoiWindow();
        int col0 = window.Col, row0 = window.Row;
        var features = new[] { (200.3, 210.7), (1300.6, 220.2), (230.4, 1290.8) }.Select((p, i) =>
        {
            var (lon, lat) = fx.Scene.PixelToLonLat(col0 + p.Item1, row0 + p.Item2);
            return string.Create(CultureInfo.InvariantCulture,
                $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon:R}}},{{{lat:R}}}]},"properties":{"prompt_id":"p{{{i}}}","label":1}}""");
        });
        string prompts = $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

        var services = new ServiceCollection();
        services.AddLogging();
        ReleaseHintRecorder? recorder = null;
        services.AddSingleton<ISamSession>(_ => recorder = new ReleaseHintRecorder(OnnxSamSession.Load(fx.EncoderPath, fx.DecoderPath, new SamSessionOptions { EmbeddingCacheBytes = 0 })));
        services.AddSegmentS2(o =>
        {
            o.Source = S2SourceKind.LocalFiles;
            o.LocalFiles.Paths = [fx.ItemPath];
            o.EncoderPath = fx.EncoderPath;
            o.DecoderPath = fx.DecoderPath;
            o.OutputDirectory = fx.NewOutputDirectory();
            o.Outputs = SegmentS2Outputs.Mask;
            o.ReleaseEncoderMemoryAfterRun = release;
        });
        await using var sp = services.BuildServiceProvider();
        var result = await sp.GetRequiredService<SegmentS2Workflow>().RunAsync(new SegmentS2Request
        {
            Roi = new WKTReader().Read(fx.Scene.RoiWkt()),
            Start = DemoScene.DateTime.AddDays(-5),
            End = DemoScene.DateTime.AddDays(5),
            Prompts = PromptInput.FromGeoJson(prompts),
        });

        var scene = Assert.Single(result.Scenes);
        Assert.True(scene.ChipsEncoded >= 3, $"{scene.ChipsEncoded} chips encoded; the prompts lie in three chips");
        Assert.Equal(Enumerable.Repeat(false, scene.ChipsEncoded - 1).Append(release), recorder!.Hints);
    }
}

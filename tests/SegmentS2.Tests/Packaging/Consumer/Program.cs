// A user's first program against the packed SegmentS2 and SegmentS2.Testing packages (copied into a fresh
// console project by PackageConsumerTests; not compiled with the tests): the demo scene and the demo
// models from SegmentS2.Testing, then one RunAsync through AddSegmentS2, offline.
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;

string root = args[0];
int size = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);

var scene = DemoScene.Create(size);
string item = await scene.WriteAsync(Path.Combine(root, "scene"));
var (encoder, decoder) = SamContractModelBuilder.WriteDemoModels(Path.Combine(root, "models"));

var services = new ServiceCollection();
services.AddLogging();
services.AddSegmentS2(o =>
{
    o.Source = S2SourceKind.LocalFiles;
    o.LocalFiles.Paths = [item];
    o.EncoderPath = encoder;
    o.DecoderPath = decoder;
    o.OutputDirectory = Path.Combine(root, "out");
});
await using var provider = services.BuildServiceProvider();

var workflow = provider.GetRequiredService<SegmentS2Workflow>();
var result = await workflow.RunAsync(new SegmentS2Request
{
    Roi = new WKTReader().Read(scene.RoiWkt()),
    Start = DemoScene.DateTime.AddDays(-1),
    End = DemoScene.DateTime.AddDays(1),
    Prompts = PromptInput.FromGeoJson(scene.PromptsGeoJson()),
});

var sceneResult = result.Scenes.Single();
Console.WriteLine($"mask={sceneResult.SegmentationMaskPath}");
Console.WriteLine($"sha256={Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(sceneResult.SegmentationMaskPath)))}");
foreach (var (id, band) in sceneResult.PromptBands.OrderBy(p => p.Value))
{
    Console.WriteLine($"band{band}={id}");
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using SegmentS2.GeoTiff;
using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Testing.Server;
using SegmentS2.Tests.Reliability.Support;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Reliability.Security;

/// <summary>
/// Scene ids (from the catalogue) and prompt ids (from the user's file) are untrusted: through the whole workflow
/// they must neither steer a path outside the output folder nor make two outputs share a file.
/// </summary>
public sealed class OutputPathSafetyTests(ServerSceneFixture fx) : IClassFixture<ServerSceneFixture>
{
    private static readonly string[] HostileSceneIds =
    [
        "../../escape-scene", "/etc/passwd", "..", ".", "a\u0000b", "sub/dir\\name:x*?<>|", new string('L', 5000), new string('L', 5000) + "x",
        "%2e%2e%2fescape", "\u202egnp.exe", "CON", "S2A_MSIL2A_20230615T103629_R008_T31UDQ_20230615T133629_" + new string('9', 60),
    ];

    [Fact]
    public async Task Hostile_scene_ids_stay_inside_the_output_folder_and_never_share_a_file()
    {
        // Each hostile id is one more acquisition of the first scene's tile, on its own day, served by the loopback server.
        await using var server = await LoopbackS2Server.StartAsync();
        var scene = fx.Scenes[0];
        server.AddScene(scene with { Tiles = [scene.Tiles[0]] });
        var template = StacItemFactory.PlanetaryComputerItem(scene, scene.Tiles[0], path => "https://sentinel2l2a01.blob.core.windows.net/" + path);
        for (int i = 0; i < HostileSceneIds.Length; i++)
        {
            var item = (JsonObject)template.DeepClone();
            item["id"] = HostileSceneIds[i];
            item["properties"]!["datetime"] = ServerSceneFixture.Date.AddDays(10 + i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            server.AddPlanetaryComputerItem(item);
        }

        string output = fx.NewOutputDirectory();
        var before = Snapshot();
        await using var host = ServerWorkflow.Create(fx, server, output);
        var request = fx.Request(new PromptGeoJson(ServerSceneFixture.Epsg).Point(ServerSceneFixture.X0 + 3003.3, ServerSceneFixture.Y0 - 3007.7, "1").Build())
            with { Start = ServerSceneFixture.Date.AddDays(9), End = ServerSceneFixture.Date.AddDays(10 + HostileSceneIds.Length) };

        var result = await host.Workflow.RunAsync(request);

        Assert.Equal(HostileSceneIds.Order(StringComparer.Ordinal), result.Scenes.Select(s => s.SceneId).Order(StringComparer.Ordinal));
        var paths = result.Scenes.SelectMany(s => new[] { s.SegmentationMaskPath, s.S2RasterPath!, s.PolygonsPath!, s.QuickLookPath! }).ToList();
        Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.All(paths, p => Assert.Equal(Path.GetFullPath(output), Path.GetDirectoryName(p)));
        Assert.All(paths, p => Assert.True(File.Exists(p), p));
        Assert.Equal(paths.Count, Directory.GetFiles(output, "*", SearchOption.AllDirectories).Length);
        Assert.Equal(before, Snapshot().Where(e => e != Path.GetFullPath(output)).ToHashSet());

        // The ids themselves survive, escaped, inside the polygons.
        foreach (var s in result.Scenes)
        {
            using var polygons = JsonDocument.Parse(await File.ReadAllBytesAsync(s.PolygonsPath!));
            Assert.Equal(s.SceneId, polygons.RootElement.GetProperty("features")[0].GetProperty("properties").GetProperty("scene_id").GetString());
        }
    }

    [Fact]
    public async Task Hostile_prompt_ids_are_stored_as_band_names_or_refused_before_any_work()
    {
        string[] ids = ["../../x", "/etc/passwd", "..\\..\\x", "<script>alert(1)</script>", "\u202e", "🙂", new string('p', 10_000), "tab\there"];
        var prompts = new PromptGeoJson(ServerSceneFixture.Epsg);
        for (int i = 0; i < ids.Length; i++)
        {
            prompts.Point(ServerSceneFixture.X0 + 1003.3 + i * 1000, ServerSceneFixture.Y0 - 3007.7, ids[i]);
        }

        await using var server = await LoopbackS2Server.StartAsync();
        fx.AddTo(server);
        string output = fx.NewOutputDirectory();
        var before = Snapshot();
        await using var host = ServerWorkflow.Create(fx, server, output, o => o.Outputs = SegmentS2Outputs.Polygons);
        var result = await host.Workflow.RunAsync(fx.Request(prompts.Build()) with { End = ServerSceneFixture.Date.AddDays(1) });

        var scene = Assert.Single(result.Scenes);
        Assert.Equal(2, Directory.GetFiles(output).Length);
        Assert.Equal(before, Snapshot().Where(e => e != Path.GetFullPath(output)).ToHashSet());
        await using var mask = await GeoTiffReader.OpenAsync(scene.SegmentationMaskPath);
        var sorted = ids.Order(PromptIdComparer.CodePoint).ToArray();
        Assert.Equal(sorted.Select(id => "mask_prompt_" + id), mask.Image.BandDescriptions);

        // Control characters and unpaired surrogates cannot be band names: refused while the prompts are read or checked, before any chip is segmented.
        var sam = host.Services.GetRequiredService<ISamSession>();
        // As JSON escapes: a serializer would write an unpaired surrogate as U+FFFD.
        foreach (var bad in new[] { "\"a\\u0000b\"", "\"\\u001b[31mred\"", "\"\\ud800\"", "\"x\\udc00y\"" })
        {
            long encoderRuns = sam.EncoderRuns;
            string badOutput = fx.NewOutputDirectory();
            var json = new PromptGeoJson(ServerSceneFixture.Epsg).Point(ServerSceneFixture.X0 + 3003.3, ServerSceneFixture.Y0 - 3007.7, "placeholder").Build()
                .Replace("\"placeholder\"", bad, StringComparison.Ordinal);
            var ex = await Assert.ThrowsAsync<PromptValidationException>(() => host.Workflow.RunAsync(fx.Request(json) with { OutputDirectory = badOutput }));
            Assert.True(ex.Rule is PromptValidationRule.InvalidPromptId or PromptValidationRule.MalformedJson, $"{bad}: {ex.Rule}");
            Assert.DoesNotContain('\0', ex.Message);
            Assert.Equal(encoderRuns, sam.EncoderRuns);
            Assert.False(Directory.Exists(badOutput)); // refused before the output folder was made
        }
    }

    // The fixture's folder (this class's tests run one at a time), and anything in the temporary folder named like a hostile id.
    private HashSet<string> Snapshot()
    {
        var entries = Directory.EnumerateFileSystemEntries(fx.Root).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        foreach (var e in Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(fx.Root)!))
        {
            string name = Path.GetFileName(e);
            if (name.Contains("escape", StringComparison.Ordinal) || name.Contains("passwd", StringComparison.Ordinal) || name.Contains("gnp", StringComparison.Ordinal))
            {
                entries.Add(Path.GetFullPath(e));
            }
        }

        return entries;
    }
}

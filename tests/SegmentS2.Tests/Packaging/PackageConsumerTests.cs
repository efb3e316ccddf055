using SegmentS2.Tests.TestSupport;
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO;
using SegmentS2.Testing.Demo;
using SegmentS2.Testing.Models;
using SegmentS2.Workflow;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Packaging;

/// <summary>
/// Packs SegmentS2 and SegmentS2.Testing with <c>dotnet pack -c Release</c> into a folder feed, checks what
/// the packages carry, then builds a fresh console project (outside the repository, so none of its MSBuild or
/// NuGet settings apply) against them and runs <c>RunAsync</c> on the demo scene offline, as a user would.
/// </summary>
public sealed class PackageConsumerTests(ITestOutputHelper log) : IDisposable
{
    private const int SceneSize = 1024;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    // A version no other run has used, so NuGet's global packages folder holds no stale copy of it.
    private readonly string _version = $"0.1.0-test.{DateTime.UtcNow.Ticks}";
    private readonly string _root = Directory.CreateTempSubdirectory("segment-s2-package-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "segments2", "segments2.testing" })
        {
            string extracted = Path.Combine(packages, id, _version);
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }

            // Leave no empty id folder behind.
            string idFolder = Path.Combine(packages, id);
            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                try
                {
                    Directory.Delete(idFolder);
                }
                catch (IOException)
                {
                    // Another run extracted its own version meanwhile; the folder is in use, keep it.
                }
            }
        }
    }

    [Fact]
    public async Task Packed_packages_run_the_workflow_in_a_new_console_project()
    {
        string repo = RepositoryRoot.Path;
        string feed = Path.Combine(_root, "feed");
        string artifacts = Path.Combine(_root, "artifacts");
        var clock = Stopwatch.StartNew();
        foreach (string project in new[] { "src/SegmentS2/SegmentS2.csproj", "src/SegmentS2.Testing/SegmentS2.Testing.csproj" })
        {
            // Own artifacts folder: the repository's bin/obj (which a parallel build may be using) stay untouched.
            await DotnetCli.RunAsync(repo, StepTimeout, "pack", Path.Combine(repo, project), "-c", "Release", "-o", feed,
                "--artifacts-path", artifacts, $"-p:Version={_version}", "-nodeReuse:false");
        }

        var packTime = clock.Elapsed;
        AssertPackage(feed, "SegmentS2", repo);
        var testing = AssertPackage(feed, "SegmentS2.Testing", repo);
        Assert.Contains(testing.Dependencies, d => d.Id == "SegmentS2" && d.Version == _version);

        string consumer = WriteConsumerProject(feed);
        string runOutput = Path.Combine(_root, "run");
        string stdout = await DotnetCli.RunAsync(consumer, StepTimeout, "run", "-c", "Release", "--", runOutput, $"{SceneSize}");
        // Program.cs prints mask=, sha256= and band<n>= lines; anything else is dotnet's own output.
        var printed = stdout.Split('\n', StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("mask=", StringComparison.Ordinal) || l.StartsWith("sha256=", StringComparison.Ordinal) || l.StartsWith("band", StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
        log.WriteLine($"package test: pack {packTime.TotalSeconds:0} s, consumer restore + build + run {(clock.Elapsed - packTime).TotalSeconds:0} s");

        string mask = printed["mask"];
        Assert.True(File.Exists(mask), $"no mask at {mask}:\n{stdout}");
        Assert.StartsWith(runOutput, mask, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(mask))), printed["sha256"]);

        // GDAL reads the mask: UTM 31N, one Byte band per demo prompt, named after the prompt ids the scene picked.
        using var info = JsonDocument.Parse(ExternalTool.Run("gdalinfo", "-json", mask));
        string wkt = info.RootElement.GetProperty("coordinateSystem").GetProperty("wkt").GetString()!;
        Assert.EndsWith("ID[\"EPSG\",32631]]", wkt.Replace(" ", "").Replace("\n", ""));
        var bands = info.RootElement.GetProperty("bands").EnumerateArray().ToArray();
        Assert.Equal(3, bands.Length);
        Assert.All(bands, b => Assert.Equal("Byte", b.GetProperty("type").GetString()));
        var names = bands.Select(b => b.GetProperty("description").GetString()!).ToArray();
        var expectedIds = DemoScene.Create(SceneSize).PickParcels().Select(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expectedIds.Select(id => $"mask_prompt_{id}").Order(), names.Order());
        for (int b = 0; b < bands.Length; b++)
        {
            Assert.Equal($"mask_prompt_{printed[$"band{b + 1}"]}", names[b]);
        }

        // The packages hold the same code as the repository: the in-process run on the same input gives the same file.
        Assert.Equal(printed["sha256"], await InProcessMaskSha256Async(Path.Combine(_root, "in-process")));
    }

    private sealed record PackageFacts((string Id, string Version)[] Dependencies);

    private PackageFacts AssertPackage(string feed, string id, string repo)
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{_version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        Assert.StartsWith($"# {id}", readme.ReadToEnd());
        using var docs = package.GetEntry($"lib/net10.0/{id}.xml")!.Open();
        Assert.True(XDocument.Load(docs).Descendants("member").Count() > 20, $"{id}.xml holds no member documentation");

        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
        Assert.Equal(_version, metadata.Element(ns + "version")!.Value);
        var license = metadata.Element(ns + "license")!;
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        var repository = metadata.Element(ns + "repository")!;
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.StartsWith("https://github.com/", (string?)repository.Attribute("url"));
        Assert.Equal((string?)repository.Attribute("url"), metadata.Element(ns + "projectUrl")?.Value);

        // Dependencies carry the versions pinned centrally in the repository.
        var pinned = XDocument.Load(Path.Combine(repo, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => ((string)d.Attribute("id")!, (string)d.Attribute("version")!)).ToArray();
        Assert.NotEmpty(dependencies);
        Assert.All(dependencies.Where(d => !d.Item1.StartsWith("SegmentS2", StringComparison.Ordinal)), d => Assert.Equal(pinned[d.Item1], d.Item2));

        using var symbols = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{_version}.snupkg"));
        Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
        return new PackageFacts(dependencies);
    }

    private string WriteConsumerProject(string feed)
    {
        string dir = Path.Combine(_root, "consumer");
        Directory.CreateDirectory(dir);
        // Empty props, targets and package versions stop MSBuild from looking further up for any of its own.
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(dir, file), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="segment-s2-local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <RuntimeIdentifier>{RuntimeInformation.RuntimeIdentifier}</RuntimeIdentifier>
                <SelfContained>false</SelfContained>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SegmentS2" Version="{_version}" />
                <PackageReference Include="SegmentS2.Testing" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Packaging", "Consumer", "Program.cs"), Path.Combine(dir, "Program.cs"));
        return dir;
    }

    // What Consumer/Program.cs does, through the repository's own build.
    private static async Task<string> InProcessMaskSha256Async(string root)
    {
        var scene = DemoScene.Create(SceneSize);
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
        var result = await provider.GetRequiredService<SegmentS2Workflow>().RunAsync(new SegmentS2Request
        {
            Roi = new WKTReader().Read(scene.RoiWkt()),
            Start = DemoScene.DateTime.AddDays(-1),
            End = DemoScene.DateTime.AddDays(1),
            Prompts = PromptInput.FromGeoJson(scene.PromptsGeoJson()),
        });
        return Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(result.Scenes.Single().SegmentationMaskPath)));
    }
}

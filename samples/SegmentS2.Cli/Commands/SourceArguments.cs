using System.CommandLine;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// The <c>--source</c>, <c>--api-url</c> and <c>--scene</c> options every command that reads scenes shares
/// (<c>run</c>, <c>batch</c>, <c>auto</c>): one definition, one meaning. <c>--scene</c> means local files (it implies
/// <c>--source local</c>, and another <c>--source</c> with it is refused at once); the Planetary Computer key comes from
/// <see cref="PlanetaryComputerKey"/> for every command.
/// </summary>
public sealed class SourceArguments
{
    /// <summary>The environment variable holding the optional Planetary Computer subscription key (the name the Planetary Computer SDK uses).</summary>
    public const string PlanetaryComputerKey = "PC_SDK_SUBSCRIPTION_KEY";

    /// <summary>Creates the options.</summary>
    public SourceArguments()
    {
        Source = new Option<string?>("--source") { Description = $"pc (Planetary Computer, the default; key from ${PlanetaryComputerKey}, optional), earth-search or local (the default with --scene)." };
        Source.AcceptOnlyFromAmong("pc", "earth-search", "local");
        ApiUrl = new Option<string?>("--api-url") { Description = "API root of a mirror or local server." };
        Scene = new Option<string[]>("--scene") { Description = "Local folders, GeoTIFFs or STAC item JSON files (implies --source local).", AllowMultipleArgumentsPerToken = true };
    }

    /// <summary><c>--source</c>.</summary>
    public Option<string?> Source { get; }

    /// <summary><c>--api-url</c>.</summary>
    public Option<string?> ApiUrl { get; }

    /// <summary><c>--scene</c>.</summary>
    public Option<string[]> Scene { get; }

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(Source);
        command.Add(ApiUrl);
        command.Add(Scene);
    }

    /// <summary>Checks the options now, before any file is written or request sent, and returns what to set on the options.</summary>
    /// <exception cref="ArgumentException">--scene with another source, local without --scene, or an --api-url that is not absolute.</exception>
    public Action<SegmentS2Options> Read(ParseResult parseResult)
    {
        string[] scenes = parseResult.GetValue(Scene) ?? [];
        string sourceName = parseResult.GetValue(Source) ?? (scenes.Length > 0 ? "local" : "pc");
        if (scenes.Length > 0 && sourceName != "local")
        {
            throw new ArgumentException($"--scene '{string.Join(' ', scenes)}' reads local files, but --source is '{sourceName}'; drop --source (--scene implies --source local) or drop --scene.");
        }

        if (sourceName == "local" && scenes.Length == 0)
        {
            throw new ArgumentException("--source local needs --scene PATH (a folder of band GeoTIFFs, GeoTIFF files or STAC item JSON).");
        }

        Uri? api = parseResult.GetValue(ApiUrl) is { } a ? (Uri.TryCreate(a, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--api-url '{a}' is not an absolute URL.")) : null;
        string? key = Environment.GetEnvironmentVariable(PlanetaryComputerKey) is { Length: > 0 } k ? k : null;
        return options =>
        {
            switch (sourceName)
            {
                case "local":
                    options.Source = S2SourceKind.LocalFiles;
                    options.LocalFiles.Paths = scenes;
                    break;
                case "earth-search":
                    options.Source = S2SourceKind.EarthSearch;
                    options.EarthSearch.ApiUrl = api ?? options.EarthSearch.ApiUrl;
                    break;
                default:
                    options.Source = S2SourceKind.PlanetaryComputer;
                    options.PlanetaryComputer.ApiUrl = api ?? options.PlanetaryComputer.ApiUrl;
                    options.PlanetaryComputer.SubscriptionKey = key ?? options.PlanetaryComputer.SubscriptionKey;
                    break;
            }
        };
    }
}

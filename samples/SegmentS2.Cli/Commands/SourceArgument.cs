using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>The <c>--source</c>, <c>--api-url</c> and <c>--scene</c> arguments of <c>run</c> and <c>batch</c>, applied to the options.</summary>
public static class SourceArgument
{
    /// <summary>Selects the source named by <c>--source</c> (<c>local</c>, <c>earth-search</c>, else Planetary Computer) with its URL or files.</summary>
    public static void Apply(SegmentS2Options options, string sourceName, Uri? api, IList<string> scenes)
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
                break;
        }
    }
}

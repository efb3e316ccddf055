using System.CommandLine;
using NetTopologySuite.Geometries;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// The options <c>run</c> and <c>auto</c> share to say which scenes to segment: <c>--roi</c>, <c>--start</c>, <c>--end</c>,
/// <c>--max-cloud</c>, <c>--scenes</c> and <c>--no-boa-offset</c>.
/// </summary>
public sealed class SceneArguments
{
    private readonly Option<string> _roi = new("--roi") { Description = "Region of interest in EPSG:4326: a GeoJSON file or WKT.", Required = true };
    private readonly Option<string> _start = new("--start") { Description = "Start of the time range (date or RFC 3339).", Required = true };
    private readonly Option<string> _end = new("--end") { Description = "End of the time range, inclusive; a date means the whole day.", Required = true };
    private readonly Option<double?> _maxCloud = new("--max-cloud") { Description = "Skip scenes whose ROI cloud fraction (SCL) exceeds N percent." };
    private readonly Option<S2ScenePolicy> _policy = new("--scenes") { Description = "Which scenes: All, LeastCloudy or Newest.", DefaultValueFactory = _ => S2ScenePolicy.All };
    private readonly Option<bool> _noBoa = new("--no-boa-offset") { Description = "Ignore the BOA offset of baseline 04.00+ scenes, as the reference does." };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(_roi);
        command.Add(_start);
        command.Add(_end);
        command.Add(_maxCloud);
        command.Add(_policy);
        command.Add(_noBoa);
    }

    /// <summary>Reads the region and time range now (a bad value fails before any work) and what to set on <see cref="SegmentS2Options"/>.</summary>
    public (Geometry Roi, DateTimeOffset Start, DateTimeOffset End, Action<SegmentS2Options> Configure) Read(ParseResult parseResult)
    {
        var roi = RoiArgument.Load(parseResult.GetRequiredValue(_roi));
        var start = SearchCommand.ParseTime(parseResult.GetRequiredValue(_start), "--start", endOfDay: false);
        var end = SearchCommand.ParseTime(parseResult.GetRequiredValue(_end), "--end", endOfDay: true);
        double? maxCloud = parseResult.GetValue(_maxCloud);
        var policy = parseResult.GetValue(_policy);
        bool noBoa = parseResult.GetValue(_noBoa);
        return (roi, start, end, o =>
        {
            o.MaxCloudFraction = maxCloud / 100;
            o.ScenePolicy = policy;
            o.ApplyBoaOffset = !noBoa;
        });
    }
}

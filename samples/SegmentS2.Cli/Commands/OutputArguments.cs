using System.CommandLine;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// The options <c>demo</c> and <c>run</c> share: which bands the s2_raster holds (<c>--s2-raster-bands</c>), the output
/// window (<c>--clip-to-roi</c>) and how much is printed (<see cref="VerbosityArguments"/>).
/// </summary>
public sealed class OutputArguments
{
    /// <summary>Creates the options.</summary>
    public OutputArguments()
    {
        S2RasterBands = new Option<string>("--s2-raster-bands")
        {
            Description = "Bands of the s2_raster: all (every spectral band, B01..B12 with B8A, as the reference), rgb (the segmentation bands only) or a list such as B04,B08.",
            DefaultValueFactory = _ => "all",
        };
        ClipToRoi = new Option<bool>("--clip-to-roi") { Description = "Write the mask, s2_raster, polygons and quick-look over the ROI's own window, not the window grown to one chip." };
    }

    /// <summary><c>--s2-raster-bands</c>.</summary>
    public Option<string> S2RasterBands { get; }

    /// <summary><c>--clip-to-roi</c>.</summary>
    public Option<bool> ClipToRoi { get; }

    /// <summary><c>--quiet</c> and <c>--verbose</c>.</summary>
    public VerbosityArguments Verbosity { get; } = new();

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(S2RasterBands);
        command.Add(ClipToRoi);
        Verbosity.AddTo(command);
    }

    /// <summary>Checks the options now (before any work) and returns what to set on <see cref="SegmentS2Options"/>.</summary>
    /// <exception cref="ArgumentException">A band in <c>--s2-raster-bands</c> is no Sentinel-2 band.</exception>
    public Action<SegmentS2Options> Read(ParseResult parseResult)
    {
        string bands = parseResult.GetValue(S2RasterBands) ?? "all";
        bool clip = parseResult.GetValue(ClipToRoi);
        var list = ParseBands(bands);
        return o =>
        {
            o.S2RasterBands = list ?? (bands.Trim().Equals("rgb", StringComparison.OrdinalIgnoreCase) ? o.BandNames : null);
            o.ClipToRoi = clip;
        };
    }

    /// <summary>The band list of a <c>--s2-raster-bands</c> value: null for <c>all</c> and <c>rgb</c> (resolved against the options).</summary>
    /// <exception cref="ArgumentException">A listed band is no Sentinel-2 band.</exception>
    public static IReadOnlyList<string>? ParseBands(string value)
    {
        string text = value.Trim();
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase) || text.Equals("rgb", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !S2Bands.TryResolve(n, out _)).ToArray();
        if (names.Length == 0 || unknown.Length > 0)
        {
            throw new ArgumentException($"--s2-raster-bands '{value}': {(unknown.Length > 0 ? $"'{string.Join("', '", unknown)}' is not a Sentinel-2 band" : "no band given")}; " +
                $"give all, rgb or a comma-separated list of bands ({S2Bands.ValidNamesText}).");
        }

        return S2Bands.ResolveAll(names);
    }
}

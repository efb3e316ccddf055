using Microsoft.Extensions.Options;
using SegmentS2.Workflow;

namespace SegmentS2.DependencyInjection;

/// <summary>
/// Validates <see cref="SegmentS2Options"/> as registered by <c>AddSegmentS2</c>: the workflow's own settings, then
/// <see cref="SegmentS2Options.Sam"/>, <see cref="SegmentS2Options.Http"/> and the options of the source chosen by
/// <see cref="SegmentS2Options.Source"/> (each prefixed by its section, <c>"Http: ..."</c>), all reported together in one
/// result (the other sources are not used, so not checked).
/// </summary>
internal sealed class SegmentS2OptionsValidator : IValidateOptions<SegmentS2Options>
{
    public ValidateOptionsResult Validate(string? name, SegmentS2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder().AddProblems(null, options.Problems());
        AddSection(builder, nameof(options.Sam), options.Sam?.Problems());
        AddSection(builder, nameof(options.Http), options.Http?.Problems());
        AddSource(builder, options);
        return builder.Build();
    }

    /// <summary>A nested options object's problems under its section; a missing one is a problem of its own.</summary>
    private static void AddSection(ValidateOptionsResultBuilder builder, string section, IEnumerable<InvalidOptionException>? problems)
    {
        if (problems is null)
        {
            builder.AddProblems(null, [new InvalidOptionException(section, null, "set")]);
        }
        else
        {
            builder.AddProblems(section, problems);
        }
    }

    private static void AddSource(ValidateOptionsResultBuilder builder, SegmentS2Options options)
    {
        if (!Enum.IsDefined(options.Source))
        {
            builder.AddProblems(null, [new InvalidOptionException(nameof(options.Source), options.Source, "one of PlanetaryComputer, EarthSearch, LocalFiles")]);
            return;
        }

        Sentinel2.S2SourceOptions? source = options.Source switch
        {
            S2SourceKind.PlanetaryComputer => options.PlanetaryComputer,
            S2SourceKind.EarthSearch => options.EarthSearch,
            _ => options.LocalFiles,
        };
        string section = options.Source.ToString();
        if (source is null)
        {
            builder.AddProblems(null, [new InvalidOptionException(section, null, $"set when Source is {section}")]);
        }
        else
        {
            builder.AddProblems(section, source.Problems());
        }
    }
}

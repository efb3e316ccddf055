using Microsoft.Extensions.Options;
using SegmentS2.Sam;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Workflow;

namespace SegmentS2.DependencyInjection;

/// <summary>
/// Validates <see cref="SegmentS2Options"/> as registered by <c>AddSegmentS2</c>: the workflow's own settings, then
/// <see cref="SegmentS2Options.Sam"/>, <see cref="SegmentS2Options.Http"/> and the options of the source chosen by
/// <see cref="SegmentS2Options.Source"/>, all reported together (the others' sources are not used, so not checked).
/// </summary>
internal sealed class SegmentS2OptionsValidator : IValidateOptions<SegmentS2Options>
{
    public ValidateOptionsResult Validate(string? name, SegmentS2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = OptionsFailures.In(null, options.Problems())
            .Concat(options.Sam is null
                ? [(nameof(options.Sam), new SamInputException("Sam options are missing."))]
                : OptionsFailures.In(nameof(options.Sam), options.Sam.Problems()))
            .Concat(options.Http is null
                ? [(nameof(options.Http), new Sentinel2.S2OptionsException("Http options are missing."))]
                : OptionsFailures.In(nameof(options.Http), options.Http.Problems()))
            .Concat(SourceProblems(options));
        return OptionsFailures.Result(problems);
    }

    private static IEnumerable<(string? Section, Exception Problem)> SourceProblems(SegmentS2Options options)
    {
        Sentinel2.S2SourceOptions? source = options.Source switch
        {
            S2SourceKind.PlanetaryComputer => options.PlanetaryComputer,
            S2SourceKind.EarthSearch => options.EarthSearch,
            S2SourceKind.LocalFiles => options.LocalFiles,
            _ => null,
        };
        string section = options.Source.ToString();
        if (!Enum.IsDefined(options.Source))
        {
            return [(nameof(options.Source), new InvalidOptionException(nameof(options.Source), options.Source, "one of PlanetaryComputer, EarthSearch, LocalFiles"))];
        }

        return source is null
            ? [(section, new Sentinel2.S2OptionsException($"{section} options are missing."))]
            : OptionsFailures.In(section, source.Problems());
    }
}

using Microsoft.Extensions.Options;
using SegmentS2.Sentinel2;

namespace SegmentS2.DependencyInjection;

/// <summary>
/// Validates a source's options (<see cref="Sentinel2.PlanetaryComputer.PlanetaryComputerOptions"/>,
/// <see cref="Sentinel2.EarthSearch.EarthSearchOptions"/>, <see cref="Sentinel2.LocalFiles.LocalFilesOptions"/>) as registered
/// by <c>Add...Source</c>, reporting every bad setting.
/// </summary>
internal sealed class S2SourceOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : S2SourceOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OptionsFailures.Result(options.Problems());
    }
}

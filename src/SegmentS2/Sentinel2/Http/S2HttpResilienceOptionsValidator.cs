using Microsoft.Extensions.Options;

namespace SegmentS2.Sentinel2.Http;

/// <summary>Validates the named <see cref="S2HttpResilienceOptions"/> of a client given <c>AddSegmentS2Resilience</c>, reporting every bad setting.</summary>
internal sealed class S2HttpResilienceOptionsValidator : IValidateOptions<S2HttpResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, S2HttpResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OptionsFailures.Result(options.Problems());
    }
}

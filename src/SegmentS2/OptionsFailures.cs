using Microsoft.Extensions.Options;

namespace SegmentS2;

/// <summary>Adds the problems an options type lists to a <see cref="ValidateOptionsResultBuilder"/>, so one result names all of them.</summary>
internal static class OptionsFailures
{
    /// <summary>
    /// Adds one error per problem, prefixed by its section when one is given (<c>"Http: MaxRetryAttempts = 500 is invalid..."</c>).
    /// The builder's own <c>propertyName</c> is not used: it would write <c>"Property Http: ..."</c>.
    /// </summary>
    public static ValidateOptionsResultBuilder AddProblems(this ValidateOptionsResultBuilder builder, string? section, IEnumerable<InvalidOptionException> problems)
    {
        foreach (var problem in problems)
        {
            builder.AddError(section is null ? problem.Message : $"{section}: {problem.Message}");
        }

        return builder;
    }

    /// <summary>The result of one options object's problems, with no section prefix.</summary>
    public static ValidateOptionsResult Result(IEnumerable<InvalidOptionException> problems) =>
        new ValidateOptionsResultBuilder().AddProblems(null, problems).Build();
}

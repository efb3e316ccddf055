using Microsoft.Extensions.Options;

namespace SegmentS2.DependencyInjection;

/// <summary>Turns the problems an options type lists into one <see cref="ValidateOptionsResult"/> naming all of them.</summary>
internal static class OptionsFailures
{
    /// <summary>Success when there is no problem; otherwise a failure per problem, each prefixed by its section when one is given.</summary>
    public static ValidateOptionsResult Result(IEnumerable<(string? Section, Exception Problem)> problems)
    {
        var failures = problems.Select(p => p.Section is null ? p.Problem.Message : $"{p.Section}: {p.Problem.Message}").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The problems of one options object, all under one section (or none).</summary>
    public static IEnumerable<(string? Section, Exception Problem)> In(string? section, IEnumerable<Exception> problems) =>
        problems.Select(p => (section, p));
}

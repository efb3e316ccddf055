using System.Globalization;

namespace SegmentS2.Workflow;

/// <summary>A setting out of range.</summary>
public sealed class InvalidOptionsException : SegmentS2Exception
{
    /// <summary>Creates the exception for one setting.</summary>
    /// <param name="option">The setting's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="expected">What it must be.</param>
    public InvalidOptionsException(string option, object? value, string expected)
        : base($"Option {option} = {Format(value)} is invalid: it must be {expected}.")
    {
        Option = option;
    }

    /// <summary>The setting's name.</summary>
    public string Option { get; }

    private static string Format(object? value) => value switch
    {
        null => "(not set)",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

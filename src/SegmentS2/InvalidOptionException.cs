namespace SegmentS2;

/// <summary>An option or parameter value that SegmentS2 cannot work with (for example an overlap of 1.2).</summary>
public sealed class InvalidOptionException : SegmentS2InputException
{
    /// <summary>Creates the exception for an option, its value and the rule it breaks.</summary>
    /// <param name="optionName">The option's name, as the caller knows it (for example <c>SpatialOverlap</c>).</param>
    /// <param name="value">The rejected value.</param>
    /// <param name="requirement">What a valid value looks like (for example "in [0, 1)").</param>
    public InvalidOptionException(string optionName, object? value, string requirement)
        : base($"{optionName} = {Format(value)} is invalid: it must be {requirement}.")
    {
        OptionName = optionName;
        Value = value;
    }

    /// <summary>The option's name.</summary>
    public string OptionName { get; }

    /// <summary>The rejected value.</summary>
    public object? Value { get; }

    private static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

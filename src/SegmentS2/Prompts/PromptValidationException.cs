namespace SegmentS2.Prompts;

/// <summary>
/// A prompt file that breaks one of the prompt rules. The message names the feature (its index in
/// <c>features</c> and its <c>prompt_id</c>) and the offending value.
/// </summary>
public sealed class PromptValidationException : SegmentS2InputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="rule">The rule that failed.</param>
    /// <param name="message">The full message.</param>
    /// <param name="featureIndex">Index of the offending feature in <c>features</c>, when one feature is to blame.</param>
    /// <param name="promptId">The feature's <c>prompt_id</c> as text, when known.</param>
    /// <param name="value">The offending value as text, when there is one.</param>
    /// <param name="innerException">The parser error behind it, if any.</param>
    public PromptValidationException(PromptValidationRule rule, string message, int? featureIndex = null,
        string? promptId = null, string? value = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Rule = rule;
        FeatureIndex = featureIndex;
        PromptId = promptId;
        Value = value;
    }

    /// <summary>The rule that failed.</summary>
    public PromptValidationRule Rule { get; }

    /// <summary>Index of the offending feature in <c>features</c>, when one feature is to blame.</summary>
    public int? FeatureIndex { get; }

    /// <summary>The offending feature's <c>prompt_id</c> as text, when known.</summary>
    public string? PromptId { get; }

    /// <summary>The offending value as text, when there is one.</summary>
    public string? Value { get; }
}

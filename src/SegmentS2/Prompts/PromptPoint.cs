namespace SegmentS2.Prompts;

/// <summary>A point prompt in pixel coordinates (fractional, not rounded).</summary>
/// <param name="X">Column.</param>
/// <param name="Y">Row.</param>
/// <param name="Label">1 foreground, 0 background.</param>
public readonly record struct PromptPoint(double X, double Y, int Label);

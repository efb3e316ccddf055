namespace SegmentS2.Prompts;

/// <summary>A box prompt in pixel coordinates, corners sorted.</summary>
public readonly record struct PromptBox(double XMin, double YMin, double XMax, double YMax);

namespace SegmentS2.Prompts;

/// <summary>One prompt group valid in one chip, ready for the decoder.</summary>
/// <param name="Group">The group (pixel coordinates of the whole ROI window).</param>
/// <param name="Calls">Decoder runs in order; their masks are OR-ed.</param>
/// <param name="BoxInChip">The group's box clipped to the chip in chip coordinates; the mask is cut to it. Null when the group has no box in this chip.</param>
public sealed record ChipPrompt(PromptGroup Group, IReadOnlyList<DecoderCall> Calls, PromptBox? BoxInChip);

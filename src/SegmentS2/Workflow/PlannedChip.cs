using SegmentS2.Chipping;
using SegmentS2.Prompts;

namespace SegmentS2.Workflow;

/// <summary>One chip of a dry run and the prompt groups valid in it.</summary>
/// <param name="Chip">The chip (read and write windows in ROI-window pixels).</param>
/// <param name="Prompts">Groups valid in the chip, in output band order, each with its decoder calls. Empty when the chip is skipped.</param>
public sealed record PlannedChip(Chip Chip, IReadOnlyList<ChipPrompt> Prompts)
{
    /// <summary>True when the chip is encoded; a chip without valid prompts is skipped and writes zeros.</summary>
    public bool HasPrompts => Prompts.Count > 0;
}

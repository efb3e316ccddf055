namespace SegmentS2.Prompts;

/// <summary>All prompt elements of one object (one <c>prompt_id</c>), in raster pixel coordinates.</summary>
/// <param name="Index">Output band index: ids remapped to 0..n-1 in sorted id order.</param>
/// <param name="OriginalId">The <c>prompt_id</c> as given (integer ids as their decimal text).</param>
/// <param name="Points">Point prompts.</param>
/// <param name="Box">The box prompt, grown to cover the group's foreground points; null when none.</param>
public sealed record PromptGroup(int Index, string OriginalId, IReadOnlyList<PromptPoint> Points, PromptBox? Box)
{
    /// <summary>The output band name, <c>mask_prompt_{id}</c>.</summary>
    public string BandName => $"mask_prompt_{OriginalId}";
}

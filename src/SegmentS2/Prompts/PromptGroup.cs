namespace SegmentS2.Prompts;

/// <summary>All prompt elements of one object (one <c>prompt_id</c>), in pixel coordinates.</summary>
/// <param name="Index">Output band index: ids remapped to 0..n-1 in sorted id order.</param>
/// <param name="OriginalId">The <c>prompt_id</c> as given (integer ids as their decimal text).</param>
/// <param name="Points">Point prompts, in file order.</param>
/// <param name="Box">The box prompt, grown to cover the group's foreground points; null when none.</param>
/// <param name="PointsBeforeBox">
/// Where the box sits in the group's element order, which decides how elements split into decoder batches: the
/// number of <paramref name="Points"/> that come before it. 0 when the box was grown (the reference puts a grown box
/// first); otherwise its position among the group's features in file order.
/// </param>
public sealed record PromptGroup(int Index, string OriginalId, IReadOnlyList<PromptPoint> Points, PromptBox? Box, int PointsBeforeBox = 0)
{
    /// <summary>The output band name, <c>mask_prompt_{id}</c>.</summary>
    public string BandName => $"mask_prompt_{OriginalId}";

    /// <summary>Number of foreground points in the whole group (not only in one chip).</summary>
    public int ForegroundCount => Points.Count(p => p.Label == 1);
}

namespace SegmentS2.Batch;

/// <summary>Where a batch run stands, over fields and chips.</summary>
/// <param name="Stage">Current step.</param>
/// <param name="SceneIndex">Scene being processed, 0-based.</param>
/// <param name="SceneCount">Scenes selected.</param>
/// <param name="ChipsDone">Chips of this shard in the current scene finished so far (those already done before count too).</param>
/// <param name="ChipCount">Chips of this shard in the current scene.</param>
/// <param name="FieldScenesDone">Field-and-scene pairs finished so far.</param>
/// <param name="FieldCount">Fields in the input.</param>
public sealed record BatchProgress(BatchStage Stage, int SceneIndex, int SceneCount, int ChipsDone, int ChipCount, int FieldScenesDone, int FieldCount)
{
    /// <summary>Fraction of the run done, 0..1 (by scenes, then chips within the scene).</summary>
    public double Fraction => Stage == BatchStage.Completed ? 1
        : SceneCount == 0 ? 0 : Math.Clamp((SceneIndex + (ChipCount == 0 ? 0 : (double)ChipsDone / ChipCount)) / SceneCount, 0, 1);
}

namespace SegmentS2.Workflow;

/// <summary>Where a run stands, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Stage">Current step.</param>
/// <param name="SceneIndex">Scene being processed, 0-based.</param>
/// <param name="SceneCount">Scenes selected.</param>
/// <param name="ChipIndex">Chips of the current scene done so far.</param>
/// <param name="ChipCount">Chips of the current scene.</param>
/// <param name="BytesRead">Compressed bytes read for the current scene.</param>
/// <param name="EstimatedTimeLeft">Estimate of the time left for the whole run, once one can be made.</param>
public sealed record SegmentS2Progress(SegmentS2Stage Stage, int SceneIndex, int SceneCount, int ChipIndex, int ChipCount, long BytesRead, TimeSpan? EstimatedTimeLeft)
{
    /// <summary>Fraction of the run done, 0..1.</summary>
    public double Fraction => SceneCount == 0 ? (Stage == SegmentS2Stage.Completed ? 1 : 0)
        : Math.Clamp((SceneIndex + (ChipCount == 0 ? 0 : (double)ChipIndex / ChipCount)) / SceneCount, 0, 1);

    /// <summary>
    /// A <see cref="SegmentS2Stage.Segmenting"/> report after <paramref name="chipsDone"/> of the scene's chips, with the time
    /// left extrapolated from <paramref name="elapsed"/> once 1 % of the run is done.
    /// </summary>
    internal static SegmentS2Progress Segmenting(int sceneIndex, int sceneCount, int chipsDone, int chipCount, long bytesRead, TimeSpan elapsed)
    {
        double fraction = (sceneIndex + (double)chipsDone / Math.Max(1, chipCount)) / sceneCount;
        TimeSpan? eta = fraction > 0.01 ? elapsed * ((1 - fraction) / fraction) : null;
        return new SegmentS2Progress(SegmentS2Stage.Segmenting, sceneIndex, sceneCount, chipsDone, chipCount, bytesRead, eta);
    }
}

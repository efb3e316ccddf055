namespace SegmentS2.Workflow;

/// <summary>Which of the scenes found for a region and time range are segmented.</summary>
public enum ScenePolicy
{
    /// <summary>Every scene that passes the cloud filter (the reference behaviour).</summary>
    All,

    /// <summary>Only the scene with the least cloud over the region.</summary>
    LeastCloudy,

    /// <summary>Only the most recent scene.</summary>
    Newest,
}

namespace SegmentS2.Sentinel2.Scenes;

/// <summary>Which of the scenes found to use.</summary>
public enum S2ScenePolicy
{
    /// <summary>Every scene (that passes the cloud limit), oldest first.</summary>
    All,

    /// <summary>The one scene with the smallest cloud fraction; ties go to the newest.</summary>
    LeastCloudy,

    /// <summary>The most recent scene.</summary>
    Newest,
}

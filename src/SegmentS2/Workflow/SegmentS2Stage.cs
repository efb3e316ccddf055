namespace SegmentS2.Workflow;

/// <summary>The steps of a run, in order.</summary>
public enum SegmentS2Stage
{
    /// <summary>Searching the catalogue.</summary>
    Searching,

    /// <summary>Opening a scene (headers only).</summary>
    OpeningScene,

    /// <summary>Reading, encoding and decoding chips.</summary>
    Segmenting,

    /// <summary>Writing the scene's outputs.</summary>
    Writing,

    /// <summary>All scenes done.</summary>
    Completed,
}

namespace SegmentS2.Batch;

/// <summary>The steps of a batch run.</summary>
public enum BatchStage
{
    /// <summary>Reading prompts and searching scenes.</summary>
    Searching,

    /// <summary>Opening a scene and choosing its chips.</summary>
    Planning,

    /// <summary>Reading, encoding and decoding chips.</summary>
    Segmenting,

    /// <summary>All done.</summary>
    Completed,
}

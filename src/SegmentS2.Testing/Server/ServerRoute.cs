namespace SegmentS2.Testing.Server;

/// <summary>What a request to the loopback server is for.</summary>
public enum ServerRoute
{
    /// <summary>A STAC item search (either flavour).</summary>
    Search,

    /// <summary>A SAS token request.</summary>
    Token,

    /// <summary>A file read (Planetary Computer blobs or Earth Search objects).</summary>
    Blob,

    /// <summary>Any route (fault rules only).</summary>
    Any,
}

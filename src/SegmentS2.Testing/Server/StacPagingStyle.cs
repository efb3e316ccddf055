namespace SegmentS2.Testing.Server;

/// <summary>How the loopback server's Planetary Computer search links its next page.</summary>
public enum StacPagingStyle
{
    /// <summary>A POST link whose body carries the search and a <c>token</c> (what Planetary Computer does).</summary>
    PostBody,

    /// <summary>A GET link whose href carries the token.</summary>
    GetHref,
}

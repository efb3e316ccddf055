namespace SegmentS2.Testing.Server;

/// <summary>Failures the loopback server can inject.</summary>
public enum FaultKind
{
    /// <summary>503 Service Unavailable.</summary>
    ServiceUnavailable,

    /// <summary>429 Too Many Requests with a <c>Retry-After</c> header.</summary>
    TooManyRequests,

    /// <summary>500 Internal Server Error.</summary>
    InternalServerError,

    /// <summary>404 Not Found.</summary>
    NotFound,

    /// <summary>The connection is reset before any response.</summary>
    ConnectionReset,

    /// <summary>The full Content-Length is announced, half the body is sent, then the connection is reset.</summary>
    TruncatedBody,

    /// <summary>A Content-Length longer than the body is announced; the body is sent and the connection closed.</summary>
    WrongContentLength,

    /// <summary>Nothing is sent for <see cref="FaultRule.StallFor"/>, then the normal answer (if the client still waits).</summary>
    Stall,

    /// <summary>Blob route: the presented SAS token is expired on the spot and the request refused with 403.</summary>
    ExpiredToken,

    /// <summary>200 with an HTML page instead of JSON.</summary>
    Html,

    /// <summary>200 with JSON cut off in the middle.</summary>
    MalformedJson,
}

using System.Net;

namespace SegmentS2.GeoTiff.Http;

/// <summary>
/// A remote file could not be read by range requests: an error status, a server that ignores or
/// mangles ranges, a body that ended early after every retry, or a file that changed while being
/// read. It is an <see cref="IOException"/>, as a <see cref="Stream"/>'s errors are. The message names
/// the URL without its query string, which is where access tokens live.
/// </summary>
public sealed class HttpRangeException : IOException
{
    /// <summary>Creates the exception.</summary>
    public HttpRangeException(string message, string redactedUrl, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RedactedUrl = redactedUrl;
        StatusCode = statusCode;
    }

    /// <summary>The URL without query string, fragment or user information.</summary>
    public string RedactedUrl { get; }

    /// <summary>The HTTP status of the failed response, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }
}

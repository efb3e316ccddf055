using System.Net;

namespace SegmentS2.Sentinel2.Stac;

/// <summary>
/// A STAC (or token) API answered something unusable: an error status, HTML, malformed JSON, a body
/// too large, or too many pages. The message names the URL without its query string, so no token
/// or key ever appears in it.
/// </summary>
public sealed class StacApiException : SegmentS2DataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the URL (without query).</param>
    /// <param name="url">The URL without its query string.</param>
    /// <param name="statusCode">The HTTP status, when a response came.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public StacApiException(string message, string url, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
        StatusCode = statusCode;
    }

    /// <summary>The URL asked, without its query string.</summary>
    public string Url { get; }

    /// <summary>The HTTP status of the response, when one came.</summary>
    public HttpStatusCode? StatusCode { get; }
}

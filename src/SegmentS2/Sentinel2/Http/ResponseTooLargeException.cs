namespace SegmentS2.Sentinel2.Http;

/// <summary>A response body larger than the configured buffering limit.</summary>
public sealed class ResponseTooLargeException : SegmentS2DataException
{
    /// <summary>Creates the exception naming the URL (without query) and the sizes.</summary>
    public ResponseTooLargeException(string url, long length, long limit)
        : base($"{url} answered {length} bytes, more than the {limit}-byte limit (MaxBufferedResponseBytes).")
    {
        Url = url;
    }

    /// <summary>The URL without its query string.</summary>
    public string Url { get; }
}

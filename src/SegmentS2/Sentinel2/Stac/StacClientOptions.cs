namespace SegmentS2.Sentinel2.Stac;

/// <summary>Limits that keep a misbehaving STAC API from running a search forever or filling memory.</summary>
public sealed class StacClientOptions
{
    /// <summary>Most result pages followed in one search; more is an error. Default 200.</summary>
    public int MaxPages { get; set; } = 200;

    /// <summary>Largest response body accepted, in bytes. Default 64 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOptionException">A limit is out of range (the first one).</exception>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>Every setting out of range, in declaration order.</summary>
    internal IEnumerable<InvalidOptionException> Problems()
    {
        if (MaxPages < 1)
        {
            yield return new InvalidOptionException("Stac." + nameof(MaxPages), MaxPages, "at least 1");
        }

        if (MaxResponseBytes < 1024)
        {
            yield return new InvalidOptionException("Stac." + nameof(MaxResponseBytes), MaxResponseBytes, "at least 1024 bytes");
        }
    }
}

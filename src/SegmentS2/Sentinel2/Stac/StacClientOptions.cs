namespace SegmentS2.Sentinel2.Stac;

/// <summary>Limits that keep a misbehaving STAC API from running a search forever or filling memory.</summary>
public sealed class StacClientOptions
{
    /// <summary>Most result pages followed in one search; more is an error. Default 200.</summary>
    public int MaxPages { get; set; } = 200;

    /// <summary>Largest response body accepted, in bytes. Default 64 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="S2OptionsException">A limit is not positive.</exception>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>Every setting out of range, in declaration order.</summary>
    internal IEnumerable<S2OptionsException> Problems()
    {
        if (MaxPages < 1)
        {
            yield return new S2OptionsException($"Stac.MaxPages {MaxPages} is not positive.");
        }

        if (MaxResponseBytes < 1024)
        {
            yield return new S2OptionsException($"Stac.MaxResponseBytes {MaxResponseBytes} is below 1024.");
        }
    }
}

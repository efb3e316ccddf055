namespace SegmentS2.GeoTiff;

/// <summary>
/// Options of <see cref="GeoTiffReader"/>; the defaults suit local files and COGs over HTTP. The logger is an argument
/// of <c>OpenAsync</c>, never part of the options.
/// </summary>
public sealed class GeoTiffReaderOptions
{
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;
    private int _maxBlockBytes = DefaultMaxBlockBytes;

    /// <summary>Default of <see cref="MaxBlockBytes"/>: 256 MiB.</summary>
    public const int DefaultMaxBlockBytes = 256 << 20;

    /// <summary>Most blocks (tiles or strips) one window read decodes at once. Default: the processor count.</summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init => _maxDegreeOfParallelism = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "The degree of parallelism must be at least 1.");
    }

    /// <summary>
    /// Largest decoded block (tile or strip) accepted, in bytes; files declaring larger ones are refused
    /// before anything is allocated. Default: <see cref="DefaultMaxBlockBytes"/>.
    /// </summary>
    public int MaxBlockBytes
    {
        get => _maxBlockBytes;
        init => _maxBlockBytes = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxBlockBytes), value, "The block size limit must be at least 1 byte.");
    }

    /// <summary>The defaults.</summary>
    public static GeoTiffReaderOptions Default { get; } = new();
}

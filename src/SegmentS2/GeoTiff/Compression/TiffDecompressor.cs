namespace SegmentS2.GeoTiff.Compression;

/// <summary>Decodes one compressed strip or tile into a caller-provided buffer.</summary>
/// <remarks>Implementations are stateless or keep per-thread state, so one instance serves parallel decodes.</remarks>
internal abstract class TiffDecompressor
{
    /// <summary>The codec this decompressor decodes.</summary>
    public abstract TiffCompression Compression { get; }

    /// <summary>
    /// Most decoded bytes one compressed byte can yield with this codec; a block whose declared size
    /// exceeds its byte count times this ratio cannot be valid and is refused before any allocation.
    /// </summary>
    public abstract long MaxExpansionRatio { get; }

    /// <summary>
    /// Decodes <paramref name="compressed"/> into <paramref name="destination"/> and returns the bytes written.
    /// Throws <see cref="GeoTiffFormatException"/> when the data is corrupt or would decode to more
    /// bytes than <paramref name="destination"/> holds (a decompression bomb).
    /// </summary>
    public abstract int Decompress(ReadOnlyMemory<byte> compressed, Span<byte> destination);

    /// <summary>The error for data that decodes past the declared block size.</summary>
    protected GeoTiffFormatException Overflow(int capacity) =>
        new($"{Compression.GdalName()} data decodes to more than the block's declared {capacity} bytes.");
}

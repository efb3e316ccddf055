namespace SegmentS2.GeoTiff.Compression.Decompressors;

/// <summary>Uncompressed blocks: a copy, bounded by the destination.</summary>
internal sealed class NoneDecompressor : TiffDecompressor
{
    /// <inheritdoc />
    public override TiffCompression Compression => TiffCompression.None;

    /// <inheritdoc />
    public override long MaxExpansionRatio => 1;

    /// <inheritdoc />
    public override int Decompress(ReadOnlyMemory<byte> compressed, Span<byte> destination)
    {
        // Writers may pad uncompressed blocks; bytes past the declared size are not part of the image.
        ReadOnlySpan<byte> src = compressed.Span;
        int n = Math.Min(src.Length, destination.Length);
        src[..n].CopyTo(destination);
        return n;
    }
}

namespace SegmentS2.GeoTiff.Compression.Compressors;

/// <summary>A tile codec: compresses one tile's (predicted) bytes. Implementations are thread-safe.</summary>
internal interface ITileCompressor : IDisposable
{
    /// <summary>The TIFF Compression tag value.</summary>
    TiffCompression Compression { get; }

    /// <summary>Compresses <paramref name="source"/> into a pooled buffer.</summary>
    CompressedTile Compress(ReadOnlySpan<byte> source);
}

using System.Buffers;

namespace SegmentS2.GeoTiff.Compression.Compressors;

/// <summary>One tile's compressed bytes in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; <see cref="Return"/> gives it back.</summary>
internal readonly record struct CompressedTile(byte[] Buffer, int Length)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}

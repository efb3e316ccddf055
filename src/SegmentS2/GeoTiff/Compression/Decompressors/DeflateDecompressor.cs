using System.IO.Compression;
using System.Runtime.InteropServices;

namespace SegmentS2.GeoTiff.Compression.Decompressors;

/// <summary>
/// zlib-wrapped Deflate (codes 8 and 32946), decoded by <see cref="ZLibStream"/> (zlib-ng in .NET 9+)
/// straight into the destination.
/// </summary>
internal sealed class DeflateDecompressor : TiffDecompressor
{
    public DeflateDecompressor(TiffCompression compression) => Compression = compression;

    /// <inheritdoc />
    public override TiffCompression Compression { get; }

    /// <inheritdoc />
    public override long MaxExpansionRatio => 1100; // Deflate's limit is 1032:1

    /// <inheritdoc />
    public override int Decompress(ReadOnlyMemory<byte> compressed, Span<byte> destination)
    {
        ArraySegment<byte> segment = MemoryMarshal.TryGetArray(compressed, out ArraySegment<byte> s) ? s : new ArraySegment<byte>(compressed.ToArray());
        using var input = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        using var inflater = new ZLibStream(input, CompressionMode.Decompress);
        int total = 0;
        try
        {
            while (total < destination.Length)
            {
                int n = inflater.Read(destination[total..]);
                if (n == 0)
                {
                    return total;
                }

                total += n;
            }

            Span<byte> probe = stackalloc byte[1];
            if (inflater.Read(probe) != 0)
            {
                throw Overflow(destination.Length);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new GeoTiffFormatException($"DEFLATE data is corrupt after {total} decoded bytes: {ex.Message}", ex);
        }

        return total;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace SegmentS2.Output;

/// <summary>
/// Writes an opaque image as an 8-bit RGB PNG, each row with the Sub filter, compressed by the runtime's zlib at level
/// 2. ImageSharp 2.1's encoder deflates in managed code: a 1024 x 1042 quick-look took it 170 ms, most of a
/// quick-look's cost once the model is fast (benchmarks/README.md); the runtime's native zlib does the same picture in
/// a small fraction of that, and ImageSharp (or any PNG reader) decodes the result.
/// </summary>
internal static class PngRgbWriter
{
    // zlib-ng's level 1 is its "quick" strategy: on imagery a third larger than level 2 for little time saved.
    private static readonly ZLibCompressionOptions ZlibLevel = new() { CompressionLevel = 2 };

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes <paramref name="image"/> (alpha dropped) to <paramref name="stream"/> as a PNG.</summary>
    public static async Task WriteAsync(Stream stream, Image<Rgba32> image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        int rowBytes = 1 + 3 * width;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, ZlibLevel, leaveOpen: true))
        {
            var rows = ArrayPool<byte>.Shared.Rent(rowBytes * Math.Min(height, 64));
            try
            {
                // Rows are filtered in batches so each Write hands zlib tens of kilobytes.
                for (int y0 = 0; y0 < height; y0 += 64)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int count = Math.Min(64, height - y0);
                    FilterRows(image, y0, count, rows.AsSpan(0, rowBytes * count), rowBytes);
                    zlib.Write(rows, 0, rowBytes * count);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rows);
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 2; // colour type: RGB
        // compression 0 (deflate), filter method 0, no interlace
        await stream.WriteAsync(Signature, cancellationToken).ConfigureAwait(false);
        await WriteChunkAsync(stream, "IHDR", header, cancellationToken).ConfigureAwait(false);
        await WriteChunkAsync(stream, "IDAT", compressed.GetBuffer().AsMemory(0, (int)compressed.Length), cancellationToken).ConfigureAwait(false);
        await WriteChunkAsync(stream, "IEND", ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
    }

    // Each row: filter type 1 (Sub), then every byte minus the same channel's byte one pixel to the left.
    private static void FilterRows(Image<Rgba32> image, int y0, int count, Span<byte> destination, int rowBytes)
    {
        for (int r = 0; r < count; r++)
        {
            var source = image.DangerousGetPixelRowMemory(y0 + r).Span;
            var row = destination.Slice(r * rowBytes, rowBytes);
            row[0] = 1;
            byte pr = 0, pg = 0, pb = 0;
            for (int x = 0; x < source.Length; x++)
            {
                var p = source[x];
                row[1 + 3 * x] = (byte)(p.R - pr);
                row[2 + 3 * x] = (byte)(p.G - pg);
                row[3 + 3 * x] = (byte)(p.B - pb);
                (pr, pg, pb) = (p.R, p.G, p.B);
            }
        }
    }

    private static async Task WriteChunkAsync(Stream stream, string type, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        // The CRC covers the chunk type and its data, not the length.
        var crc = new Crc32();
        crc.Append(head.AsSpan(4));
        crc.Append(data.Span);
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc.GetCurrentHashAsUInt32());
        await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(tail, cancellationToken).ConfigureAwait(false);
    }
}

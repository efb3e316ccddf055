using System.IO.Compression;

namespace SegmentS2.Tests.GeoTiff.Compression;

/// <summary>
/// zlib (System.IO.Compression, zlib-ng underneath) as the oracle for the managed inflater, plus the
/// Adler-32 definition written out longhand.
/// </summary>
internal static class ZlibReference
{
    /// <summary>The verdict of zlib on a stream.</summary>
    public enum Verdict
    {
        /// <summary>A complete, valid stream whose output fits the limit.</summary>
        Decoded,

        /// <summary>zlib produced more than the limit before finishing or failing.</summary>
        TooLong,

        /// <summary>zlib reported an error, or the stream is not complete.</summary>
        Rejected,
    }

    /// <summary>
    /// Decodes <paramref name="data"/> with zlib, producing at most <paramref name="limit"/> bytes; with
    /// <paramref name="raw"/>, the data is bare Deflate (no header, no checksum).
    /// </summary>
    /// <remarks>
    /// ZLibStream stops quietly at the end of its input, so a stream cut short (even one missing its
    /// checksum) reads as data. A complete stream never asks for input past its end, so the input here
    /// notes whether zlib asked for more once it had all of it.
    /// </remarks>
    public static (Verdict Verdict, byte[]? Output) Inflate(byte[] data, int limit, bool raw = false)
    {
        var input = new EndWatchingStream(data);
        var output = new MemoryStream();
        try
        {
            using Stream zlib = raw
                ? new DeflateStream(input, CompressionMode.Decompress)
                : new ZLibStream(input, CompressionMode.Decompress);
            var buffer = new byte[4096];
            int n;
            while ((n = zlib.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > limit)
                {
                    return (Verdict.TooLong, null);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return (Verdict.Rejected, null); // IOException: ZLibException, for a stream that asks for a preset dictionary
        }

        return input.ReadPastEnd ? (Verdict.Rejected, null) : (Verdict.Decoded, output.ToArray());
    }

    /// <summary>Adler-32 by its definition in RFC 1950, one byte at a time.</summary>
    public static uint Adler32ByDefinition(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        foreach (byte x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }

    /// <summary>zlib-compresses <paramref name="data"/>.</summary>
    public static byte[] Compress(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A read-only stream over bytes that records a read attempted after its last byte.</summary>
    private sealed class EndWatchingStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public bool ReadPastEnd { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Note(base.Read(buffer, offset, count), count);

        public override int Read(Span<byte> buffer) => Note(base.Read(buffer), buffer.Length);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the oracle reads synchronously");

        private int Note(int read, int requested)
        {
            ReadPastEnd |= read == 0 && requested > 0;
            return read;
        }
    }
}

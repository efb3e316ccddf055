using System.Buffers;
using System.IO.Compression;

namespace SegmentS2.Automatic;

/// <summary>
/// The pixels of every candidate mask, deflated into one temporary file beside the outputs: only the boxes and scores
/// stay in memory while the selection waits for the last chip, so hundreds of masks over a tile never hold a plane each.
/// The file is deleted on dispose.
/// </summary>
internal sealed class CandidateStore : IDisposable
{
    private readonly FileStream _file;
    private readonly object _gate = new();

    /// <summary>Where one bitmap is: its offset and deflated length in the file, and its length unpacked.</summary>
    internal readonly record struct Entry(long Offset, int Length, int RawLength);

    /// <summary>Creates the store's file in <paramref name="directory"/>.</summary>
    public CandidateStore(string directory)
    {
        string path = Path.Combine(directory, $".segment-s2-candidates.{Guid.NewGuid():N}.tmp");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    /// <summary>Bytes written so far.</summary>
    public long Length
    {
        get
        {
            lock (_gate)
            {
                return _file.Length;
            }
        }
    }

    /// <summary>Deflates <paramref name="bitmap"/> and appends it.</summary>
    public Entry Append(ReadOnlySpan<byte> bitmap)
    {
        using var packed = new MemoryStream(Math.Max(64, bitmap.Length / 16));
        using (var deflate = new DeflateStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(bitmap);
        }

        lock (_gate)
        {
            long offset = _file.Seek(0, SeekOrigin.End);
            _file.Write(packed.GetBuffer().AsSpan(0, (int)packed.Length));
            return new Entry(offset, (int)packed.Length, bitmap.Length);
        }
    }

    /// <summary>Reads and inflates one bitmap into <paramref name="destination"/> (at least <see cref="Entry.RawLength"/> bytes).</summary>
    public void Read(Entry entry, Span<byte> destination)
    {
        var packed = ArrayPool<byte>.Shared.Rent(entry.Length);
        try
        {
            lock (_gate)
            {
                _file.Seek(entry.Offset, SeekOrigin.Begin);
                _file.ReadExactly(packed, 0, entry.Length);
            }

            using var deflate = new DeflateStream(new MemoryStream(packed, 0, entry.Length), CompressionMode.Decompress);
            deflate.ReadExactly(destination[..entry.RawLength]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packed);
        }
    }

    /// <summary>Closes and deletes the file.</summary>
    public void Dispose() => _file.Dispose();
}

using Microsoft.Win32.SafeHandles;

namespace SegmentS2.GeoTiff.Writing.Layout;

/// <summary>
/// A scratch file beside the destination that holds compressed tiles as they are produced, in any
/// order, until the final layout (IFDs first, smallest overview's tiles first) can be written. The
/// operating system deletes it when it is closed, however the write ends.
/// </summary>
internal sealed class TileSpill : IDisposable
{
    private readonly SafeFileHandle _handle;
    private long _length;

    public TileSpill(string path)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
    }

    public string Path { get; }

    /// <summary>Bytes appended so far.</summary>
    public long Length => _length;

    /// <summary>Appends the buffers back to back; returns the offset of the first.</summary>
    public async ValueTask<long> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> buffers, CancellationToken cancellationToken)
    {
        long offset = _length;
        await RandomAccess.WriteAsync(_handle, buffers, offset, cancellationToken).ConfigureAwait(false);
        foreach (var b in buffers)
        {
            _length += b.Length;
        }

        return offset;
    }

    /// <summary>Reads bytes previously appended.</summary>
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int n = await RandomAccess.ReadAsync(_handle, destination[read..], offset + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException($"The tile scratch file {Path} ended at {offset + read} bytes, before the {destination.Length} bytes written at {offset}.");
            }

            read += n;
        }
    }

    public void Dispose()
    {
        _handle.Dispose();
        File.Delete(Path);
    }
}

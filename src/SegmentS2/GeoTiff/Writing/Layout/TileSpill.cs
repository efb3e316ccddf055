using Microsoft.Win32.SafeHandles;

namespace SegmentS2.GeoTiff.Writing.Layout;

/// <summary>
/// Holds compressed tiles as they are produced, in any order, until the final layout (IFDs first, smallest overview's
/// tiles first) can be written. Up to <see cref="MemoryLimit"/> bytes stay in memory (a field's mask never touches the
/// disk twice); beyond that they go to a scratch file beside the destination, which the operating system deletes when
/// it is closed, however the write ends.
/// </summary>
internal sealed class TileSpill : IDisposable
{
    /// <summary>Bytes kept in memory before the tiles move to the scratch file.</summary>
    internal const int MemoryLimit = 8 << 20;

    private SafeFileHandle? _handle;
    private byte[] _memory = [];
    private long _length;

    public TileSpill(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Bytes appended so far.</summary>
    public long Length => _length;

    /// <summary>Whether the tiles have moved to the scratch file.</summary>
    internal bool OnDisk => _handle is not null;

    /// <summary>Appends the buffers back to back; returns the offset of the first.</summary>
    public async ValueTask<long> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> buffers, CancellationToken cancellationToken)
    {
        long offset = _length;
        long total = 0;
        foreach (var b in buffers)
        {
            total += b.Length;
        }

        if (_handle is null && offset + total <= MemoryLimit)
        {
            if (offset + total > _memory.Length)
            {
                Array.Resize(ref _memory, (int)Math.Min(MemoryLimit, Math.Max(offset + total, 2L * _memory.Length)));
            }

            foreach (var b in buffers)
            {
                b.Span.CopyTo(_memory.AsSpan((int)_length));
                _length += b.Length;
            }

            return offset;
        }

        if (_handle is null)
        {
            _handle = File.OpenHandle(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            await RandomAccess.WriteAsync(_handle, _memory.AsMemory(0, (int)_length), 0, cancellationToken).ConfigureAwait(false);
            _memory = [];
        }

        await RandomAccess.WriteAsync(_handle, buffers, offset, cancellationToken).ConfigureAwait(false);
        _length += total;
        return offset;
    }

    /// <summary>Reads bytes previously appended.</summary>
    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_handle is null)
        {
            if (offset + destination.Length > _length)
            {
                throw new IOException($"The tile scratch buffer holds {_length} bytes, fewer than the {destination.Length} bytes asked for at {offset}.");
            }

            _memory.AsMemory((int)offset, destination.Length).CopyTo(destination);
            return;
        }

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
        if (_handle is not null)
        {
            _handle.Dispose();
            File.Delete(Path);
        }

        _memory = [];
    }
}

using Microsoft.Win32.SafeHandles;

namespace SegmentS2.GeoTiff.IO;

/// <summary>A file read with positional reads (<see cref="RandomAccess"/>), so parallel reads need no lock.</summary>
internal sealed class FileRandomAccessSource : IRandomAccessSource
{
    private readonly SafeFileHandle _handle;
    private readonly IDisposable? _owner;

    /// <summary>Wraps a file handle; disposing this source disposes <paramref name="owner"/> when given.</summary>
    public FileRandomAccessSource(SafeFileHandle handle, IDisposable? owner)
    {
        _handle = handle;
        _owner = owner;
        Length = RandomAccess.GetLength(handle);
    }

    /// <inheritdoc />
    public long Length { get; }

    /// <inheritdoc />
    public async ValueTask ReadExactlyAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        SourceBounds.Check(offset, buffer.Length, Length);
        int done = 0;
        while (done < buffer.Length)
        {
            int n = await RandomAccess.ReadAsync(_handle, buffer[done..], offset + done, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw SourceBounds.Truncated(offset, buffer.Length, Length);
            }

            done += n;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _owner?.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

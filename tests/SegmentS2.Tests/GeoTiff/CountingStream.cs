namespace SegmentS2.Tests.GeoTiff;

/// <summary>A read-only stream over bytes that records every range read, to check what a reader touches.</summary>
public sealed class CountingStream(byte[] data) : Stream
{
    private readonly List<(long Offset, int Count)> _reads = [];
    private long _position;

    public IReadOnlyList<(long Offset, int Count)> Reads
    {
        get
        {
            lock (_reads)
            {
                return [.. _reads];
            }
        }
    }

    public long BytesRead => Reads.Sum(r => (long)r.Count);

    public void Reset()
    {
        lock (_reads)
        {
            _reads.Clear();
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => data.Length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Max(0, Math.Min(buffer.Length, data.Length - _position));
        data.AsSpan((int)_position, n).CopyTo(buffer);
        lock (_reads)
        {
            _reads.Add((_position, n));
        }

        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => data.Length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

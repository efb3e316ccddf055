using System.Buffers;
using System.Runtime.InteropServices;
using SegmentS2.GeoTiff.IO;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Reading;

/// <summary>
/// Reads a window of one image: finds the blocks it intersects, reads their stored bytes in
/// coalesced ranges, decodes the blocks in parallel and copies the window's samples out of them.
/// </summary>
internal sealed class WindowReader
{
    /// <summary>Blocks separated by at most this many bytes are read together (GDAL's COG layout puts 8 between tiles).</summary>
    public const int MaxGapBytes = 64;

    /// <summary>Largest single coalesced read.</summary>
    public const int MaxReadBytes = 8 << 20;

    private readonly IRandomAccessSource _source;
    private readonly TiffImageStructure _image;
    private readonly BlockDecoder _decoder;
    private readonly byte[] _fill;
    private readonly int _maxDegreeOfParallelism;

    public WindowReader(IRandomAccessSource source, TiffImageStructure image, double? noData, int maxDegreeOfParallelism)
    {
        _source = source;
        _image = image;
        _decoder = new BlockDecoder(image);
        _fill = SampleFill.Pattern(image.DataType, noData);
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>
    /// Reads <paramref name="bands"/> of <paramref name="window"/> band-sequentially into
    /// <paramref name="destination"/>. Arguments are already validated.
    /// </summary>
    public async ValueTask ReadAsync<T>(IReadOnlyList<int> bands, PixelWindow window, Memory<T> destination, CancellationToken ct)
        where T : unmanaged
    {
        if (window.IsEmpty || bands.Count == 0)
        {
            return;
        }

        List<BlockRead> reads = Plan(bands, window, destination);
        if (reads.Count == 0)
        {
            return;
        }

        reads.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        Coalesce(reads);
        if (_source is IRangePrefetchable prefetchable)
        {
            // A remote source fetches all of the window's blocks up front, in few requests.
            List<ByteRange> ranges = reads.Select(r => r.Group!).Distinct().Select(g => new ByteRange(g.Offset, g.End - g.Offset)).ToList();
            await prefetchable.PrefetchAsync(ranges, ct).ConfigureAwait(false);
        }

        if (reads.Count == 1 || _maxDegreeOfParallelism == 1)
        {
            foreach (BlockRead read in reads)
            {
                await ProcessAsync(read, bands, window, destination, ct).ConfigureAwait(false);
            }

            return;
        }

        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Min(_maxDegreeOfParallelism, reads.Count),
            CancellationToken = ct,
        };
        await Parallel.ForEachAsync(reads, options, (read, token) => ProcessAsync(read, bands, window, destination, token)).ConfigureAwait(false);
    }

    /// <summary>Lists the stored blocks the window needs; absent (sparse) blocks are filled at once.</summary>
    private List<BlockRead> Plan<T>(IReadOnlyList<int> bands, PixelWindow window, Memory<T> destination)
        where T : unmanaged
    {
        TiffImageStructure s = _image;
        int bx0 = window.Col / s.BlockWidth, bx1 = (window.ColEnd - 1) / s.BlockWidth;
        int by0 = window.Row / s.BlockHeight, by1 = (window.RowEnd - 1) / s.BlockHeight;
        var reads = new List<BlockRead>((bx1 - bx0 + 1) * (by1 - by0 + 1));
        IEnumerable<int> planes = s.PlanarConfiguration == TiffPlanarConfiguration.Contiguous ? [0] : bands.Distinct();
        foreach (int plane in planes)
        {
            for (int by = by0; by <= by1; by++)
            {
                for (int bx = bx0; bx <= bx1; bx++)
                {
                    int index = plane * s.BlocksPerPlane + by * s.BlocksAcross + bx;
                    long count = s.BlockByteCount(index);
                    if (count == 0)
                    {
                        FillBlock(index, plane, bands, window, MemoryMarshal.AsBytes(destination.Span));
                        continue;
                    }

                    long offset = s.BlockOffset(index);
                    _decoder.Validate(index, offset, count, _source.Length);
                    reads.Add(new BlockRead(index, plane, offset, (int)count));
                }
            }
        }

        return reads;
    }

    /// <summary>Groups blocks whose stored bytes are (nearly) adjacent so that each group is one read.</summary>
    private static void Coalesce(List<BlockRead> sortedReads)
    {
        ReadGroup? group = null;
        foreach (BlockRead read in sortedReads)
        {
            long end = read.Offset + read.Count;
            if (group is not null && read.Offset <= group.End + MaxGapBytes && Math.Max(end, group.End) - group.Offset <= MaxReadBytes)
            {
                group.End = Math.Max(group.End, end);
                group.Pending++;
            }
            else
            {
                group = new ReadGroup(read.Offset, end);
            }

            read.Group = group;
        }
    }

    private async ValueTask ProcessAsync<T>(BlockRead read, IReadOnlyList<int> bands, PixelWindow window, Memory<T> destination, CancellationToken ct)
        where T : unmanaged
    {
        ReadGroup group = read.Group!;
        byte[] stored = await group.LoadAsync(_source, ct).ConfigureAwait(false);
        byte[] workspace = ArrayPool<byte>.Shared.Rent(_image.BlockBytes);
        try
        {
            ReadOnlySpan<byte> decoded = _decoder.Decode(read.Index, stored.AsMemory((int)(read.Offset - group.Offset), read.Count), workspace);
            CopyBlock(decoded, read.Index, read.Plane, bands, window, MemoryMarshal.AsBytes(destination.Span));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(workspace);
            group.Release();
        }
    }

    private void CopyBlock(ReadOnlySpan<byte> decoded, int index, int plane, IReadOnlyList<int> bands, PixelWindow window, Span<byte> destination)
    {
        TiffImageStructure s = _image;
        if (!Overlap(index, window, out int col0, out int row0, out PixelWindow part))
        {
            return;
        }

        int bps = s.BytesPerSample, stride = s.SamplesPerBlockPixel;
        long planeBytes = window.PixelCount * bps;
        bool contiguous = s.PlanarConfiguration == TiffPlanarConfiguration.Contiguous;
        for (int k = 0; k < bands.Count; k++)
        {
            int band = bands[k];
            if (!contiguous && band != plane)
            {
                continue;
            }

            int sample = contiguous ? band : 0;
            for (int y = part.Row; y < part.RowEnd; y++)
            {
                int src = (((y - row0) * s.BlockWidth + (part.Col - col0)) * stride + sample) * bps;
                long dst = k * planeBytes + ((long)(y - window.Row) * window.Width + (part.Col - window.Col)) * bps;
                SampleCopier.Gather(decoded[src..], stride, destination.Slice((int)dst, part.Width * bps), part.Width, bps);
            }
        }
    }

    private void FillBlock(int index, int plane, IReadOnlyList<int> bands, PixelWindow window, Span<byte> destination)
    {
        TiffImageStructure s = _image;
        if (!Overlap(index, window, out _, out _, out PixelWindow part))
        {
            return;
        }

        int bps = s.BytesPerSample;
        long planeBytes = window.PixelCount * bps;
        bool contiguous = s.PlanarConfiguration == TiffPlanarConfiguration.Contiguous;
        for (int k = 0; k < bands.Count; k++)
        {
            if (!contiguous && bands[k] != plane)
            {
                continue;
            }

            for (int y = part.Row; y < part.RowEnd; y++)
            {
                long dst = k * planeBytes + ((long)(y - window.Row) * window.Width + (part.Col - window.Col)) * bps;
                SampleFill.Fill(destination.Slice((int)dst, part.Width * bps), _fill);
            }
        }
    }

    /// <summary>The part of the window a block covers, and the block's top-left pixel.</summary>
    private bool Overlap(int index, PixelWindow window, out int col0, out int row0, out PixelWindow part)
    {
        TiffImageStructure s = _image;
        int inPlane = index % s.BlocksPerPlane;
        int by = inPlane / s.BlocksAcross, bx = inPlane % s.BlocksAcross;
        col0 = bx * s.BlockWidth;
        row0 = by * s.BlockHeight;
        part = window.Intersect(new PixelWindow(col0, row0, s.BlockWidth, s.RowsInBlock(by)));
        return !part.IsEmpty;
    }

    /// <summary>One stored block to read and decode.</summary>
    private sealed class BlockRead(int index, int plane, long offset, int count)
    {
        public int Index { get; } = index;
        public int Plane { get; } = plane;
        public long Offset { get; } = offset;
        public int Count { get; } = count;
        public ReadGroup? Group { get; set; }
    }

    /// <summary>
    /// A byte range read once for all the blocks in it; the first block to need it starts the read,
    /// and the last one done returns the buffer to the pool.
    /// </summary>
    private sealed class ReadGroup(long offset, long end)
    {
        private readonly Lock _gate = new();
        private Task<byte[]>? _load;
        private int _pending = 1;

        public long Offset { get; } = offset;
        public long End { get; set; } = end;

        public int Pending
        {
            get => _pending;
            set => _pending = value;
        }

        public Task<byte[]> LoadAsync(IRandomAccessSource source, CancellationToken ct)
        {
            lock (_gate)
            {
                return _load ??= ReadAsync(source, ct);
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _pending) == 0 && _load is { IsCompletedSuccessfully: true } load)
            {
                ArrayPool<byte>.Shared.Return(load.Result);
            }
        }

        private async Task<byte[]> ReadAsync(IRandomAccessSource source, CancellationToken ct)
        {
            int length = (int)(End - Offset);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
            await source.ReadExactlyAsync(Offset, buffer.AsMemory(0, length), ct).ConfigureAwait(false);
            return buffer;
        }
    }
}

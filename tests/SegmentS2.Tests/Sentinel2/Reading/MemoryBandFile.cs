using SegmentS2.Raster;
using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Tests.Sentinel2.Reading;

/// <summary>A band file in memory whose pixels are a function of (col, row); counts the pixels read.</summary>
internal sealed class MemoryBandFile(string name, int epsg, GeoTransform transform, int width, int height, Func<int, int, ushort> pixel, int block = 64) : IS2BandFile
{
    private long _pixelsRead;
    private int _reads;

    public string Name => name;

    public int Width => width;

    public int Height => height;

    public int BlockWidth => block;

    public int BlockHeight => block;

    public int Epsg => epsg;

    public GeoTransform GeoTransform => transform;

    public long BytesRead => Interlocked.Read(ref _pixelsRead) * 2;

    public int Reads => Volatile.Read(ref _reads);

    public bool Disposed { get; private set; }

    public ushort At(int col, int row) => pixel(col, row);

    public ValueTask ReadAsync(PixelWindow window, Memory<ushort> destination, CancellationToken cancellationToken)
    {
        if (!window.IsInside(width, height))
        {
            throw new ArgumentOutOfRangeException(nameof(window), $"{window} outside {width} x {height}");
        }

        Interlocked.Increment(ref _reads);
        Interlocked.Add(ref _pixelsRead, window.PixelCount);
        var span = destination.Span;
        for (int r = 0; r < window.Height; r++)
        {
            for (int c = 0; c < window.Width; c++)
            {
                span[r * window.Width + c] = pixel(window.Col + c, window.Row + r);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

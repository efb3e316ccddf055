namespace SegmentS2.GeoTiff.IO;

/// <summary>Bytes addressed by offset, readable from several threads at once.</summary>
internal interface IRandomAccessSource : IAsyncDisposable, IDisposable
{
    /// <summary>Length of the source in bytes.</summary>
    long Length { get; }

    /// <summary>
    /// Fills <paramref name="buffer"/> with the bytes starting at <paramref name="offset"/>.
    /// Throws <see cref="GeoTiffFormatException"/> when the source ends first.
    /// </summary>
    ValueTask ReadExactlyAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);
}

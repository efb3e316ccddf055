using Microsoft.Extensions.Logging;
using System.Buffers;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>A Sentinel-2 band COG opened with <see cref="GeoTiffReader"/>: band 1 as unsigned 16-bit DNs (8-bit SCL widened).</summary>
internal sealed class GeoTiffBandFile : IS2BandFile
{
    private readonly GeoTiffReader _reader;
    private readonly GeoTiffImage _image;
    private readonly Func<long> _bytesRead;

    private GeoTiffBandFile(string name, GeoTiffReader reader, int epsg, GeoTransform transform, Func<long> bytesRead)
    {
        Name = name;
        _reader = reader;
        _image = reader.Image;
        Epsg = epsg;
        GeoTransform = transform;
        _bytesRead = bytesRead;
    }

    public string Name { get; }

    public int Width => _image.Width;

    public int Height => _image.Height;

    public int BlockWidth => _image.BlockWidth;

    public int BlockHeight => _image.BlockHeight;

    public int Epsg { get; }

    public GeoTransform GeoTransform { get; }

    public long BytesRead => _bytesRead();

    /// <summary>Opens the header of a band file; the stream is owned by the result (disposed on failure too).</summary>
    /// <param name="name">Path or URL without query, for messages.</param>
    /// <param name="stream">A readable, seekable stream over the file.</param>
    /// <param name="bytesRead">Reports the bytes fetched so far.</param>
    /// <param name="fallbackEpsg">The item's <c>proj:epsg</c>, used when the file's GeoKeys name no EPSG code.</param>
    /// <param name="logger">Receives the reader's warnings (ignored overviews, oversized metadata).</param>
    /// <param name="cancellationToken">Cancels the header read.</param>
    public static async Task<GeoTiffBandFile> OpenAsync(string name, Stream stream, Func<long> bytesRead, int? fallbackEpsg, ILogger logger, CancellationToken cancellationToken)
    {
        GeoTiffReader reader;
        try
        {
            reader = await GeoTiffReader.OpenAsync(stream, GeoTiffReaderOptions.Default, leaveOpen: false, logger, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            var image = reader.Image;
            if (image.DataType is not (RasterDataType.UInt16 or RasterDataType.Byte))
            {
                throw new S2ReadException($"{name} holds {image.DataType} samples; Sentinel-2 bands are UInt16 (SCL Byte).");
            }

            var transform = image.GeoTransform ?? throw new S2ReadException($"{name} has no geotransform.");
            int epsg = image.Epsg ?? fallbackEpsg ?? throw new S2ReadException($"{name} names no EPSG CRS and its item has no proj:epsg.");
            return new GeoTiffBandFile(name, reader, epsg, transform, bytesRead);
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask ReadAsync(PixelWindow window, Memory<ushort> destination, CancellationToken cancellationToken)
    {
        if (_image.DataType == RasterDataType.UInt16)
        {
            await _image.ReadWindowAsync(0, window, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        int n = (int)window.PixelCount;
        var bytes = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            await _image.ReadWindowAsync(0, window, bytes.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            var span = destination.Span;
            for (int i = 0; i < n; i++)
            {
                span[i] = bytes[i];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();
}

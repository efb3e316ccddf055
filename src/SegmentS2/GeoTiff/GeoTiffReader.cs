using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using SegmentS2.GeoTiff.Http;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.GeoKeys;
using SegmentS2.GeoTiff.IO;
using SegmentS2.GeoTiff.Ifd;
using SegmentS2.GeoTiff.Reading;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff;

/// <summary>
/// A GeoTIFF or Cloud-Optimised GeoTIFF opened for reading, in pure managed code: classic and BigTIFF,
/// either byte order, strips or tiles, NONE/DEFLATE/LZW/PACKBITS/ZSTD with predictors 1-3, and the
/// overviews (reduced-resolution IFDs). Window reads touch only the blocks they need and may run concurrently.
/// </summary>
/// <example>
/// <code>
/// await using var tiff = await GeoTiffReader.OpenAsync("B04.tif");
/// var pixels = new ushort[512 * 512];
/// await tiff.Image.ReadWindowAsync&lt;ushort&gt;(0, new PixelWindow(0, 0, 512, 512), pixels);
/// </code>
/// </example>
public sealed class GeoTiffReader : IDisposable, IAsyncDisposable
{
    /// <summary>Most IFDs followed along the chain; later ones (pages of a long document) are not looked at.</summary>
    public const int MaxIfdCount = 1024;

    private const int MaxSubIfds = 64;

    private readonly IRandomAccessSource _source;

    private GeoTiffReader(IRandomAccessSource source, GeoTiffImage image, IReadOnlyList<GeoTiffImage> overviews)
    {
        _source = source;
        Image = image;
        Overviews = overviews;
    }

    /// <summary>The full-resolution image (the first IFD).</summary>
    public GeoTiffImage Image { get; }

    /// <summary>The overviews, largest first (empty when the file has none).</summary>
    public IReadOnlyList<GeoTiffImage> Overviews { get; }

    /// <summary>Opens a GeoTIFF on any readable, seekable stream.</summary>
    /// <param name="stream">The file; read with Seek + Read under a lock, or positional reads for a <see cref="FileStream"/>.</param>
    /// <param name="leaveOpen">True to leave the stream open when the reader is disposed.</param>
    /// <param name="cancellationToken">Cancels reading the header.</param>
    /// <exception cref="GeoTiffFormatException">The stream is not a valid TIFF.</exception>
    /// <exception cref="UnsupportedGeoTiffException">The TIFF uses a codec, sample type or colour space this reader does not decode.</exception>
    public static Task<GeoTiffReader> OpenAsync(Stream stream, bool leaveOpen = false, CancellationToken cancellationToken = default) =>
        OpenAsync(stream, GeoTiffReaderOptions.Default, leaveOpen, null, cancellationToken);

    /// <summary>Opens a GeoTIFF on any readable, seekable stream, with options.</summary>
    /// <inheritdoc cref="OpenAsync(Stream, bool, CancellationToken)"/>
    /// <param name="stream">The file.</param>
    /// <param name="options">Parallelism and limits.</param>
    /// <param name="leaveOpen">True to leave the stream open when the reader is disposed.</param>
    /// <param name="logger">Receives what the reader skips or tolerates (ignored overviews, oversized GDAL metadata); null for none.</param>
    /// <param name="cancellationToken">Cancels reading the header.</param>
    public static async Task<GeoTiffReader> OpenAsync(Stream stream, GeoTiffReaderOptions options, bool leaveOpen = false, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        }

        IRandomAccessSource source = stream switch
        {
            FileStream file => new FileRandomAccessSource(file.SafeFileHandle, leaveOpen ? null : file),
            HttpRangeStream http => new RangeStreamSource(http, leaveOpen),
            _ => new StreamRandomAccessSource(stream, leaveOpen),
        };
        return await OpenAsync(source, options, logger ?? NullLogger.Instance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a remote GeoTIFF by HTTP range requests (<see cref="HttpRangeStream"/>): the header costs
    /// one request, and each window read fetches only its tiles, coalesced into few requests. The
    /// <paramref name="http"/> client is not disposed with the reader.
    /// </summary>
    /// <param name="url">http or https URL; its query string (a SAS token, say) never appears in errors or logs.</param>
    /// <param name="http">The client to send the requests with (add a resilience handler for 429 and 5xx).</param>
    /// <param name="options">Parallelism and limits; null for the defaults.</param>
    /// <param name="rangeOptions">Cache, read-ahead and coalescing of the range requests; null for the defaults.</param>
    /// <param name="logger">Receives the range reads' and the reader's warnings; null for none.</param>
    /// <param name="cancellationToken">Cancels reading the header.</param>
    /// <exception cref="HttpRangeException">The server refused or failed, or does not serve ranges properly.</exception>
    /// <exception cref="GeoTiffFormatException">The file is not a valid TIFF.</exception>
    /// <exception cref="UnsupportedGeoTiffException">The TIFF uses a codec, sample type or colour space this reader does not decode.</exception>
    public static async Task<GeoTiffReader> OpenAsync(
        Uri url, HttpClient http, GeoTiffReaderOptions? options = null, HttpRangeStreamOptions? rangeOptions = null,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        options ??= GeoTiffReaderOptions.Default;
        logger ??= NullLogger.Instance;
        HttpRangeStream stream = await HttpRangeStream.OpenAsync(http, url, rangeOptions, logger, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(new RangeStreamSource(stream, leaveOpen: false), options, logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a GeoTIFF file.</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="cancellationToken">Cancels reading the header.</param>
    /// <exception cref="GeoTiffFormatException">The file is not a valid TIFF.</exception>
    /// <exception cref="UnsupportedGeoTiffException">The TIFF uses a codec, sample type or colour space this reader does not decode.</exception>
    public static Task<GeoTiffReader> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, GeoTiffReaderOptions.Default, null, cancellationToken);

    /// <summary>Opens a GeoTIFF file, with options.</summary>
    /// <inheritdoc cref="OpenAsync(string, CancellationToken)"/>
    /// <param name="path">Path of the file.</param>
    /// <param name="options">Parallelism and limits.</param>
    /// <param name="logger">Receives what the reader skips or tolerates; null for none.</param>
    /// <param name="cancellationToken">Cancels reading the header.</param>
    public static async Task<GeoTiffReader> OpenAsync(string path, GeoTiffReaderOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.RandomAccess);
        return await OpenAsync(new FileRandomAccessSource(handle, handle), options, logger ?? NullLogger.Instance, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static async Task<GeoTiffReader> OpenAsync(IRandomAccessSource source, GeoTiffReaderOptions options, ILogger logger, CancellationToken ct)
    {
        try
        {
            (GeoTiffImage image, List<GeoTiffImage> overviews) = await ReadImagesAsync(source, options, logger, ct).ConfigureAwait(false);
            return new GeoTiffReader(source, image, overviews);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<(GeoTiffImage, List<GeoTiffImage>)> ReadImagesAsync(IRandomAccessSource source, GeoTiffReaderOptions options, ILogger logger, CancellationToken ct)
    {
        byte[] headerBytes = new byte[(int)Math.Min(TiffFileHeader.MaxSize, source.Length)];
        await source.ReadExactlyAsync(0, headerBytes, ct).ConfigureAwait(false);
        TiffFileHeader header = TiffFileHeader.Parse(headerBytes);
        var tags = new TagValueReader(source, header.ByteOrder);

        var visited = new HashSet<ulong>();
        ImageFileDirectory first = await ReadIfdAsync(source, header, header.FirstIfdOffset, visited, ct).ConfigureAwait(false);
        TiffImageStructure main = await TiffImageStructureParser.ParseAsync(first, tags, header.ByteOrder, options.MaxBlockBytes, ct).ConfigureAwait(false);
        GeoReferencing geo = await GeoReferencingParser.ReadAsync(first, tags, ct).ConfigureAwait(false);
        double? noData = await NoDataAsync(first, tags, ct).ConfigureAwait(false);
        GdalMetadata metadata = await MetadataAsync(first, tags, main.SamplesPerPixel, logger, ct).ConfigureAwait(false);
        var image = new GeoTiffImage(source, main, geo, noData, metadata, options);

        // Overviews: reduced-resolution IFDs further down the chain (COG, gdaladdo) or in SubIFDs; masks are not images.
        var candidates = new List<ImageFileDirectory>();
        ulong next = first.NextIfdOffset;
        while (next != 0 && visited.Count < MaxIfdCount)
        {
            ImageFileDirectory ifd = await ReadIfdAsync(source, header, next, visited, ct).ConfigureAwait(false);
            candidates.Add(ifd);
            next = ifd.NextIfdOffset;
        }

        if (first.TryGet(TiffTag.SubIfds, out IfdEntry subIfds))
        {
            ulong[] offsets = await tags.ReadIntegersAsync(subIfds with { Count = Math.Min(subIfds.Count, MaxSubIfds) }, MaxSubIfds, ct).ConfigureAwait(false);
            foreach (ulong offset in offsets)
            {
                candidates.Add(await ReadIfdAsync(source, header, offset, visited, ct).ConfigureAwait(false));
            }
        }

        var overviews = new List<GeoTiffImage>();
        foreach (ImageFileDirectory ifd in candidates)
        {
            TiffNewSubfileType kind = await TiffImageStructureParser.SubfileTypeAsync(ifd, tags, ct).ConfigureAwait(false);
            if ((kind & TiffNewSubfileType.ReducedResolution) == 0 || (kind & TiffNewSubfileType.Mask) != 0)
            {
                continue;
            }

            TiffImageStructure s = await TiffImageStructureParser.ParseAsync(ifd, tags, header.ByteOrder, options.MaxBlockBytes, ct).ConfigureAwait(false);
            if (s.SamplesPerPixel != main.SamplesPerPixel || s.DataType != main.DataType)
            {
                logger.LogWarning(
                    "Ignoring the reduced-resolution IFD at offset {Offset}: {Bands} {Type} band(s), the image has {ImageBands} {ImageType}.",
                    ifd.Offset, s.SamplesPerPixel, s.DataType, main.SamplesPerPixel, main.DataType);
                continue;
            }

            GeoReferencing ovGeo = geo with { GeoTransform = Scale(geo.GeoTransform, main, s) };
            overviews.Add(new GeoTiffImage(source, s, ovGeo, noData, metadata, options));
        }

        // Stable sort keeps the file's order among equal widths, as GDAL lists them.
        return (image, overviews.OrderByDescending(o => o.Width).ToList());
    }

    private static async ValueTask<ImageFileDirectory> ReadIfdAsync(
        IRandomAccessSource source, TiffFileHeader header, ulong offset, HashSet<ulong> visited, CancellationToken ct)
    {
        if (!visited.Add(offset))
        {
            throw new GeoTiffFormatException($"The IFD chain loops back to offset {offset}.");
        }

        return await IfdParser.ReadAsync(source, header, offset, ct).ConfigureAwait(false);
    }

    private static GeoTransform? Scale(GeoTransform? full, TiffImageStructure main, TiffImageStructure overview)
    {
        if (full is not { } t)
        {
            return null;
        }

        double sx = (double)main.Width / overview.Width, sy = (double)main.Height / overview.Height;
        return t with { Dx = t.Dx * sx, Ry = t.Ry * sx, Rx = t.Rx * sy, Dy = t.Dy * sy };
    }

    private static async ValueTask<double?> NoDataAsync(ImageFileDirectory ifd, TagValueReader tags, CancellationToken ct)
    {
        if (!ifd.TryGet(TiffTag.GdalNoData, out IfdEntry entry))
        {
            return null;
        }

        return GdalNoData.Parse(await tags.ReadAsciiAsync(entry, 4096, ct).ConfigureAwait(false));
    }

    private static async ValueTask<GdalMetadata> MetadataAsync(ImageFileDirectory ifd, TagValueReader tags, int bands, ILogger logger, CancellationToken ct)
    {
        if (!ifd.TryGet(TiffTag.GdalMetadata, out IfdEntry entry))
        {
            return GdalMetadata.Empty(bands);
        }

        if (entry.Count > GdalMetadata.MaxLength)
        {
            logger.LogWarning("Ignoring GDAL_METADATA of {Length} bytes; at most {Max} are read.", entry.Count, GdalMetadata.MaxLength);
            return GdalMetadata.Empty(bands);
        }

        return GdalMetadata.Parse(await tags.ReadAsciiAsync(entry, GdalMetadata.MaxLength, ct).ConfigureAwait(false), bands);
    }
}

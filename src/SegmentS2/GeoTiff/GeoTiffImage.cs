using SegmentS2.GeoTiff.GeoKeys;
using SegmentS2.GeoTiff.IO;
using SegmentS2.GeoTiff.Reading;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff;

/// <summary>
/// One image of a GeoTIFF: the full-resolution raster or one of its overviews. Describes the raster
/// and reads windows of it; reads may run concurrently.
/// </summary>
public sealed class GeoTiffImage
{
    private readonly TiffImageStructure _structure;
    private readonly WindowReader _reader;

    internal GeoTiffImage(
        IRandomAccessSource source, TiffImageStructure structure, GeoReferencing georeferencing, double? noData,
        GdalMetadata metadata, GeoTiffReaderOptions options)
    {
        _structure = structure;
        _reader = new WindowReader(source, structure, noData, options.MaxDegreeOfParallelism);
        Epsg = georeferencing.Epsg;
        GeoTransform = georeferencing.GeoTransform;
        IsPixelIsPoint = georeferencing.IsPixelIsPoint;
        NoData = noData;
        Scales = metadata.Scales;
        Offsets = metadata.Offsets;
        BandDescriptions = metadata.Descriptions;
    }

    /// <summary>Columns.</summary>
    public int Width => _structure.Width;

    /// <summary>Rows.</summary>
    public int Height => _structure.Height;

    /// <summary>Bands (TIFF samples per pixel).</summary>
    public int BandCount => _structure.SamplesPerPixel;

    /// <summary>Sample type of every band.</summary>
    public RasterDataType DataType => _structure.DataType;

    /// <summary>EPSG code of the CRS from the GeoKeys (projected, else geographic); null when none or user-defined.</summary>
    public int? Epsg { get; }

    /// <summary>
    /// Pixel-to-map transform in GDAL's order and convention (for PixelIsPoint files the origin is
    /// moved half a pixel up and left, as GDAL does by default); null when the file has none (or only
    /// ground control points). For an overview, the full image's transform scaled to its size.
    /// </summary>
    public GeoTransform? GeoTransform { get; }

    /// <summary>True when the file declares RasterPixelIsPoint.</summary>
    public bool IsPixelIsPoint { get; }

    /// <summary>The GDAL_NODATA value (NaN possible); null when absent.</summary>
    public double? NoData { get; }

    /// <summary>The codec of the stored blocks.</summary>
    public TiffCompression Compression => _structure.Compression;

    /// <summary>
    /// The codec as GDAL's <c>COMPRESSION</c> metadata names it: <see cref="TiffCompressionExtensions.GdalName"/>,
    /// or "YCbCr JPEG" for JPEG-compressed YCbCr, which is read as RGB.
    /// </summary>
    public string CompressionName => _structure.LibTiffCodec?.Photometric == Constants.TiffPhotometric.YCbCr ? "YCbCr JPEG" : Compression.GdalName();

    /// <summary>The Predictor tag: 1 none, 2 horizontal differencing, 3 floating point.</summary>
    public int Predictor => _structure.Predictor;

    /// <summary>True for tiles, false for strips.</summary>
    public bool IsTiled => _structure.IsTiled;

    /// <summary>Block width: the tile width, or the image width for strips.</summary>
    public int BlockWidth => _structure.BlockWidth;

    /// <summary>Block height: the tile height, or rows per strip.</summary>
    public int BlockHeight => _structure.BlockHeight;

    /// <summary>How bands are interleaved in the blocks.</summary>
    public TiffPlanarConfiguration PlanarConfiguration => _structure.PlanarConfiguration;

    /// <summary>Scale per band from GDAL metadata (1 where a band has none); null when no band has one.</summary>
    public IReadOnlyList<double>? Scales { get; }

    /// <summary>Offset per band from GDAL metadata (0 where a band has none); null when no band has one.</summary>
    public IReadOnlyList<double>? Offsets { get; }

    /// <summary>Description per band from GDAL metadata; null entries where a band has none.</summary>
    public IReadOnlyList<string?> BandDescriptions { get; }

    /// <summary>
    /// Reads one band of a window into <paramref name="destination"/>: window.Width * window.Height
    /// samples, row-major, in this machine's byte order. Only the blocks the window intersects are read.
    /// </summary>
    /// <param name="band">0-based band index.</param>
    /// <param name="window">Pixels to read; must lie inside the image.</param>
    /// <param name="destination">At least window.Width * window.Height samples of <see cref="DataType"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException">The band or the window is outside the image.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    /// <exception cref="GeoTiffFormatException">A block needed is corrupt.</exception>
    public ValueTask ReadWindowAsync(int band, PixelWindow window, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        ReadWindowAsync([band], window, destination, cancellationToken);

    /// <summary>
    /// Reads one band of a window into typed samples; <typeparamref name="T"/> must have the size of
    /// <see cref="DataType"/> (for example <see cref="ushort"/> for UInt16).
    /// </summary>
    /// <exception cref="ArgumentException">The size of <typeparamref name="T"/> differs from the sample size, or the destination is too small.</exception>
    /// <inheritdoc cref="ReadWindowAsync(int, PixelWindow, Memory{byte}, CancellationToken)"/>
    public ValueTask ReadWindowAsync<T>(int band, PixelWindow window, Memory<T> destination, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (size != _structure.BytesPerSample)
        {
            throw new ArgumentException(
                $"{typeof(T).Name} is {size} bytes but the image's {DataType} samples are {_structure.BytesPerSample}.", nameof(destination));
        }

        IReadOnlyList<int> bands = [band];
        Validate(bands, window, (long)destination.Length * size);
        return _reader.ReadAsync(bands, window, destination, cancellationToken);
    }

    /// <summary>
    /// Reads several bands of a window band-sequentially: band <c>bands[k]</c> fills samples
    /// k * window.Width * window.Height onwards. Blocks holding all bands are decoded once.
    /// </summary>
    /// <param name="bands">0-based band indexes, in output order.</param>
    /// <param name="window">Pixels to read; must lie inside the image.</param>
    /// <param name="destination">At least bands.Count * window.Width * window.Height samples.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException">A band or the window is outside the image.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    /// <exception cref="GeoTiffFormatException">A block needed is corrupt.</exception>
    public ValueTask ReadWindowAsync(IReadOnlyList<int> bands, PixelWindow window, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bands);
        Validate(bands, window, destination.Length);
        return _reader.ReadAsync(bands, window, destination, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Width} x {Height} x {BandCount} {DataType}, {Compression.GdalName()}, {(IsTiled ? "tiles" : "strips")} {BlockWidth} x {BlockHeight}";

    private void Validate(IReadOnlyList<int> bands, PixelWindow window, long destinationBytes)
    {
        foreach (int band in bands)
        {
            if ((uint)band >= (uint)BandCount)
            {
                throw new ArgumentOutOfRangeException(nameof(bands), band, $"Band {band} does not exist; the image has {BandCount} bands (0-based).");
            }
        }

        if (!window.IsInside(Width, Height))
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"The window {window} is not inside the {Width} x {Height} image.");
        }

        long needed = window.PixelCount * bands.Count * _structure.BytesPerSample;
        if (needed > int.MaxValue)
        {
            throw new ArgumentException($"Reading the window {window} for {bands.Count} bands needs {needed} bytes; read it in parts of at most {int.MaxValue} bytes.", nameof(window));
        }

        if (destinationBytes < needed)
        {
            throw new ArgumentException(
                $"The destination holds {destinationBytes} bytes; the window {window} of {bands.Count} {DataType} band(s) needs {needed}.", "destination");
        }
    }
}

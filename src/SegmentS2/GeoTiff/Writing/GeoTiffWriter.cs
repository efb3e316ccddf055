using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.GeoKeys;
using SegmentS2.GeoTiff.Compression;
using SegmentS2.GeoTiff.Writing.Tiles;
using SegmentS2.GeoTiff.Writing.Layout;
using SegmentS2.GeoTiff.Writing.Tiff;
using SegmentS2.Projection;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Writing;

/// <summary>
/// Writes tiled GeoTIFFs and cloud-optimised GeoTIFFs in pure managed code. Bands are stored
/// separately (PlanarConfiguration 2), tiles are compressed in parallel, and the file is written to
/// a temporary file beside the destination that replaces the destination only once complete: a
/// failed or cancelled write leaves neither a partial file nor temporary files behind.
/// </summary>
public static class GeoTiffWriter
{
    private const int MaxTileCount = 1 << 26;

    // The writer holds a row of tiles of every band in memory (twice with overviews).
    private const long MaxStripBytes = 1L << 30;

    /// <summary>
    /// Writes a raster held in memory, band-sequential: band b's row r starts at
    /// <c>(b * height + r) * width</c>.
    /// </summary>
    /// <typeparam name="T">Sample type: byte, sbyte, ushort, short, uint, int, float or double.</typeparam>
    /// <exception cref="GeoTiffWriteException">Invalid size, options or buffer length.</exception>
    /// <exception cref="UnsupportedCrsException"><see cref="GeoTiffWriteOptions.Epsg"/> is not a supported code.</exception>
    public static Task WriteAsync<T>(
        string path, int width, int height, int bandCount, ReadOnlyMemory<T> bandSequentialPixels,
        GeoTiffWriteOptions options, CancellationToken cancellationToken = default) where T : unmanaged
    {
        long expected = (long)width * height * bandCount;
        if (width > 0 && height > 0 && bandCount > 0 && bandSequentialPixels.Length != expected)
        {
            throw new GeoTiffWriteException(
                $"The pixel buffer holds {bandSequentialPixels.Length} samples; {width} x {height} x {bandCount} bands needs {expected}.");
        }

        return WriteAsync<T>(path, width, height, bandCount, (band, window, destination, _) =>
        {
            var source = bandSequentialPixels.Span;
            var target = destination.Span;
            for (int r = 0; r < window.Height; r++)
            {
                source.Slice(checked((int)(((long)band * height + window.Row + r) * width + window.Col)), window.Width)
                    .CopyTo(target.Slice(r * window.Width, window.Width));
            }

            return ValueTask.CompletedTask;
        }, options, cancellationToken);
    }

    /// <summary>
    /// Writes a raster too large to hold, asking <paramref name="readBlock"/> for it one tile of one
    /// band at a time: <c>readBlock(band, window, destination, cancellationToken)</c> fills
    /// <c>destination</c> (window.Width x window.Height samples, row-major) with the pixels of
    /// <c>window</c>, which is one tile cut at the right and bottom edges. Tiles are requested a tile row
    /// at a time, top to bottom, and up to <see cref="GeoTiffWriteOptions.MaxDegreeOfParallelism"/>
    /// calls run concurrently; set it to 1 if the callback is not thread-safe.
    /// </summary>
    /// <typeparam name="T">Sample type: byte, sbyte, ushort, short, uint, int, float or double.</typeparam>
    /// <exception cref="GeoTiffWriteException">Invalid size or options, or the file is too large for the chosen TIFF flavour.</exception>
    /// <exception cref="UnsupportedCrsException"><see cref="GeoTiffWriteOptions.Epsg"/> is not a supported code.</exception>
    public static async Task WriteAsync<T>(
        string path, int width, int height, int bandCount,
        Func<int, PixelWindow, Memory<T>, CancellationToken, ValueTask> readBlock,
        GeoTiffWriteOptions options, CancellationToken cancellationToken = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(readBlock);
        ArgumentNullException.ThrowIfNull(options);
        var sampleType = TiffSampleType.Of<T>();
        var target = ValidateTarget(path);
        Validate(width, height, bandCount, options, sampleType);

        TiffPredictor predictor = ChoosePredictor(options, sampleType);
        var geometry = new LevelGeometry(width, height, options.TileSize, bandCount);
        var levels = geometry.WithOverviews(options.Cog ? options.OverviewCount : 0);
        long stripBytes = (long)bandCount * options.TileSize * width * (sampleType.BitsPerSample / 8);
        if (stripBytes > MaxStripBytes)
        {
            throw new GeoTiffWriteException(
                $"One row of {options.TileSize}-pixel tiles of {width} x {bandCount} bands is {stripBytes} bytes, more than {MaxStripBytes}; use smaller tiles or write fewer bands per file.");
        }

        if (levels.Sum(l => (long)l.TileCount) > MaxTileCount)
        {
            throw new GeoTiffWriteException(
                $"{width} x {height} x {bandCount} bands in {options.TileSize}-pixel tiles makes more than {MaxTileCount} tiles; use larger tiles.");
        }

        if (options.BigTiff == GeoTiffBigTiffMode.Never && options.Compression == GeoTiffWriteCompression.None)
        {
            // Uncompressed tiles have a known size: refuse before asking for any pixel.
            long tileBytes = (long)options.TileSize * options.TileSize * sampleType.BitsPerSample / 8;
            long dataBytes = levels.Sum(l => l.TileCount * (tileBytes + (options.Cog ? 8 : 0)));
            if (TiffFileAssembler.ExceedsClassicTiff(dataBytes))
            {
                throw TiffFileAssembler.TooLargeForClassicTiff(dataBytes);
            }
        }

        int parallelism = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;
        string directory = Path.GetDirectoryName(target)!;
        string stem = "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N");
        string tempPath = Path.Combine(directory, stem + ".tmp");
        string spillPath = Path.Combine(directory, stem + ".tiles.tmp");

        using var compressor = TiffCompressorFactory.Create(options.Compression, options.CompressionLevel);
        var encoder = new TileEncoder<T>(options.TileSize, predictor, compressor);
        try
        {
            using (var spill = new TileSpill(spillPath))
            {
                var root = new LevelEncoder<T>(levels, 0, encoder, spill, options, parallelism);
                await root.EncodeAsync(readBlock, cancellationToken).ConfigureAwait(false);
                if (!root.IsComplete)
                {
                    throw new InvalidOperationException("Not every overview tile row was encoded.");
                }

                var encoded = root.Levels().Select(l => (l.Geometry, l.SpillOffsets, l.TileLengths)).ToList();
                var ifds = encoded.Select((l, i) => BuildIfd(l.Geometry, i > 0, options, sampleType, compressor.Compression, predictor)).ToList();
                // A buffer no larger than the file: a field's mask is a few kilobytes, and a 1 MB buffer per file is an
                // allocation on the large object heap.
                var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, (int)Math.Clamp(spill.Length + 65536, 4096, 1 << 20), FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await TiffFileAssembler.WriteAsync(file, spill, encoded, ifds, options.Cog, options.BigTiff, cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                File.Move(tempPath, target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && Directory.Exists(target))
            {
                throw new GeoTiffWriteException($"The output path '{target}' is a directory.");
            }

            options.Progress?.Report(1.0);
        }
        catch
        {
            TryDelete(tempPath);
            TryDelete(spillPath);
            throw;
        }
    }

    private static string ValidateTarget(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new GeoTiffWriteException("The output path is empty.");
        }

        // Whether the path is a directory is asked only if the final move fails: one file-system call less per file (a
        // batch writes a mask per field).
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new GeoTiffWriteException($"The output folder '{directory}' does not exist.");
        }

        return full;
    }

    private static void Validate(int width, int height, int bandCount, GeoTiffWriteOptions o, TiffSampleType sampleType)
    {
        if (width <= 0 || height <= 0)
        {
            throw new GeoTiffWriteException($"The raster size {width} x {height} is not positive.");
        }

        if (bandCount is <= 0 or > ushort.MaxValue)
        {
            throw new GeoTiffWriteException($"The band count {bandCount} is not between 1 and {ushort.MaxValue}.");
        }

        if (o.TileSize is < 16 or > 4096 || o.TileSize % 16 != 0)
        {
            throw new GeoTiffWriteException($"The tile size {o.TileSize} is not a multiple of 16 from 16 to 4096.");
        }

        if (o.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new GeoTiffWriteException($"MaxDegreeOfParallelism {o.MaxDegreeOfParallelism} is neither -1 nor positive.");
        }

        if (o.OverviewCount is < 0 or > 30)
        {
            throw new GeoTiffWriteException($"OverviewCount {o.OverviewCount} is not between 0 and 30.");
        }

        if (!Enum.IsDefined(o.Compression) || !Enum.IsDefined(o.Predictor) || !Enum.IsDefined(o.OverviewResampling) || !Enum.IsDefined(o.BigTiff))
        {
            throw new GeoTiffWriteException(
                $"Unknown option value: Compression {o.Compression}, Predictor {o.Predictor}, OverviewResampling {o.OverviewResampling}, BigTiff {o.BigTiff}.");
        }

        if (o.CompressionLevel is { } level)
        {
            var (min, max) = o.Compression switch
            {
                GeoTiffWriteCompression.Deflate => (1, 9),
                GeoTiffWriteCompression.Zstd => (1, 22),
                _ => throw new GeoTiffWriteException($"CompressionLevel {level} was given, but {o.Compression} has no levels."),
            };
            if (level < min || level > max)
            {
                throw new GeoTiffWriteException($"CompressionLevel {level} is outside {min}..{max} for {o.Compression}.");
            }
        }

        if (o.Epsg is { } epsg && !CrsRegistry.IsSupported(epsg))
        {
            throw new UnsupportedCrsException(epsg);
        }

        if (o.GeoTransform is { } gt)
        {
            if (!gt.IsInvertible)
            {
                throw new GeoTiffWriteException($"The geotransform {gt} is not finite and invertible.");
            }
        }

        if (o.NoData is { } noData && !sampleType.CanRepresent(noData))
        {
            throw new GeoTiffWriteException($"The nodata value {noData} cannot be stored as {sampleType.DataType}.");
        }

        CheckPerBand(o.BandDescriptions?.Count, bandCount, nameof(o.BandDescriptions));
        CheckPerBand(o.BandMetadata?.Count, bandCount, nameof(o.BandMetadata));
        CheckPerBand(o.BandScales?.Count, bandCount, nameof(o.BandScales));
        CheckPerBand(o.BandOffsets?.Count, bandCount, nameof(o.BandOffsets));
        IEnumerable<KeyValuePair<string, string>> none = [];
        var items = (o.Metadata ?? none).Concat(o.BandMetadata?.SelectMany(m => m ?? none) ?? none).ToList();
        foreach (var (key, value) in items)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsControl))
            {
                throw new GeoTiffWriteException($"The metadata key '{key}' is empty or contains control characters.");
            }
        }

        // XML 1.0 (GDAL_METADATA) allows no control characters but tab, line feed and carriage return; NUL would end the tag.
        var texts = items.Select(i => (Name: i.Key, Text: i.Value)).Concat((o.BandDescriptions ?? []).OfType<string>().Select(d => (Name: "band description", Text: d)));
        foreach (var (name, text) in texts)
        {
            if (text is null)
            {
                throw new GeoTiffWriteException($"The metadata item '{name}' has no value.");
            }

            if (text.Any(ch => char.IsControl(ch) && ch is not ('\t' or '\n' or '\r')))
            {
                throw new GeoTiffWriteException($"The {name} '{text.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a control character.");
            }
        }

        if (o.Predictor == GeoTiffWritePredictor.Horizontal && sampleType.IsFloat
            || o.Predictor == GeoTiffWritePredictor.FloatingPoint && !sampleType.IsFloat)
        {
            throw new GeoTiffWriteException($"The {o.Predictor} predictor does not apply to {sampleType.DataType} samples.");
        }

        if (o.Predictor is GeoTiffWritePredictor.Horizontal or GeoTiffWritePredictor.FloatingPoint && o.Compression == GeoTiffWriteCompression.None)
        {
            throw new GeoTiffWriteException($"The {o.Predictor} predictor needs a compression; Compression is None.");
        }
    }

    private static void CheckPerBand(int? count, int bandCount, string name)
    {
        if (count is { } n && n != bandCount)
        {
            throw new GeoTiffWriteException($"{name} has {n} entries for {bandCount} bands.");
        }
    }

    private static TiffPredictor ChoosePredictor(GeoTiffWriteOptions o, TiffSampleType sampleType) => o.Predictor switch
    {
        GeoTiffWritePredictor.None => TiffPredictor.None,
        GeoTiffWritePredictor.Horizontal => TiffPredictor.Horizontal,
        GeoTiffWritePredictor.FloatingPoint => TiffPredictor.FloatingPoint,
        _ when o.Compression == GeoTiffWriteCompression.None => TiffPredictor.None,
        _ => sampleType.IsFloat ? TiffPredictor.FloatingPoint : TiffPredictor.Horizontal,
    };

    private static IfdBuilder BuildIfd(
        LevelGeometry level, bool isOverview, GeoTiffWriteOptions o, TiffSampleType sampleType, TiffCompression compression, TiffPredictor predictor)
    {
        int bands = level.BandCount;
        var ifd = new IfdBuilder();
        if (isOverview)
        {
            ifd.AddLong(TiffTag.NewSubfileType, (uint)TiffNewSubfileType.ReducedResolution);
        }

        ifd.AddLong(TiffTag.ImageWidth, (uint)level.Width);
        ifd.AddLong(TiffTag.ImageLength, (uint)level.Height);
        ifd.AddShorts(TiffTag.BitsPerSample, Repeat(sampleType.BitsPerSample, bands));
        ifd.AddShorts(TiffTag.Compression, (ushort)compression);
        ifd.AddShorts(TiffTag.PhotometricInterpretation, (ushort)TiffPhotometric.MinIsBlack);
        ifd.AddShorts(TiffTag.SamplesPerPixel, (ushort)bands);
        ifd.AddShorts(TiffTag.PlanarConfiguration, (ushort)(bands > 1 ? TiffPlanarConfiguration.Separate : TiffPlanarConfiguration.Contiguous));
        if (predictor != TiffPredictor.None)
        {
            ifd.AddShorts(TiffTag.Predictor, (ushort)predictor);
        }

        ifd.AddLong(TiffTag.TileWidth, (uint)level.TileSize);
        ifd.AddLong(TiffTag.TileLength, (uint)level.TileSize);
        if (bands > 1)
        {
            ifd.AddShorts(TiffTag.ExtraSamples, new ushort[bands - 1]); // unspecified data, not alpha
        }

        ifd.AddShorts(TiffTag.SampleFormat, Repeat((ushort)sampleType.SampleFormat, bands));
        if (o.NoData is { } noData)
        {
            ifd.AddAscii(TiffTag.GdalNoData, GdalNoData.Format(noData));
        }

        if (isOverview)
        {
            return ifd;
        }

        AddGeoreferencing(ifd, o, bands);
        return ifd;
    }

    /// <summary>Adds the geotransform, CRS and GDAL metadata (band descriptions and items) of <paramref name="o"/> to a full-resolution directory.</summary>
    internal static void AddGeoreferencing(IfdBuilder ifd, GeoTiffWriteOptions o, int bands)
    {
        if (o.GeoTransform is { } gt)
        {
            if (gt.IsNorthUp && gt.Dy < 0)
            {
                ifd.AddDoubles(TiffTag.ModelPixelScale, gt.Dx, -gt.Dy, 0);
                ifd.AddDoubles(TiffTag.ModelTiepoint, 0, 0, 0, gt.X0, gt.Y0, 0);
            }
            else
            {
                ifd.AddDoubles(TiffTag.ModelTransformation,
                    gt.Dx, gt.Rx, 0, gt.X0,
                    gt.Ry, gt.Dy, 0, gt.Y0,
                    0, 0, 0, 0,
                    0, 0, 0, 1);
            }
        }

        if (o.Epsg is { } epsg)
        {
            ifd.AddShorts(TiffTag.GeoKeyDirectory, GeoKeyDirectory.ForEpsg(epsg));
        }

        if (GdalMetadataXml.Build(o, bands) is { } xml)
        {
            ifd.AddAscii(TiffTag.GdalMetadata, xml);
        }
    }

    internal static ushort[] Repeat(ushort value, int count)
    {
        var values = new ushort[count];
        Array.Fill(values, value);
        return values;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original exception matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

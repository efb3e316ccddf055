using SegmentS2.GeoTiff.Compression;
using SegmentS2.GeoTiff.Compression.LibTiff;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Ifd;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Reading;

/// <summary>
/// Turns an IFD into a <see cref="TiffImageStructure"/>: applies TIFF defaults, refuses what the
/// reader cannot decode (by name) and what cannot be valid (by value), and loads the block index.
/// </summary>
internal static class TiffImageStructureParser
{
    /// <summary>Most blocks one image may have (GDAL refuses files with billions of 1 x 1 tiles too).</summary>
    public const int MaxBlockCount = 1 << 24;

    /// <summary>Most bands one image may have.</summary>
    public const int MaxSamplesPerPixel = 65535;

    /// <summary>Reads the structure of <paramref name="ifd"/>.</summary>
    public static async ValueTask<TiffImageStructure> ParseAsync(
        ImageFileDirectory ifd, TagValueReader reader, TiffByteOrder order, long maxBlockBytes, CancellationToken ct)
    {
        string where = $"the IFD at offset {ifd.Offset}";
        int width = await RequiredDimensionAsync(ifd, reader, TiffTag.ImageWidth, where, ct).ConfigureAwait(false);
        int height = await RequiredDimensionAsync(ifd, reader, TiffTag.ImageLength, where, ct).ConfigureAwait(false);
        ulong spp = await OptionalAsync(ifd, reader, TiffTag.SamplesPerPixel, 1, ct).ConfigureAwait(false);
        if (spp is 0 or > MaxSamplesPerPixel)
        {
            throw new GeoTiffFormatException($"SamplesPerPixel is {spp} in {where}; it must be between 1 and {MaxSamplesPerPixel}.");
        }

        int bands = (int)spp;
        var compression = (TiffCompression)await OptionalAsync(ifd, reader, TiffTag.Compression, 1, ct).ConfigureAwait(false);
        if (!TiffDecompressorFactory.IsSupported(compression) && !LibTiffCodecParameters.Decodes(compression))
        {
            TiffDecompressorFactory.Create(compression); // throws, naming the codec
        }

        var photometric = (TiffPhotometric)await OptionalAsync(ifd, reader, TiffTag.PhotometricInterpretation, (ulong)TiffPhotometric.MinIsBlack, ct).ConfigureAwait(false);
        // GDAL converts these to RGB(A) when reading (CMYK included), so raw samples would not be what GDAL reads.
        // YCbCr JPEG is the exception: LibTiff.NET converts it to RGB as GDAL does.
        bool ycbcrJpeg = photometric == TiffPhotometric.YCbCr && compression == TiffCompression.Jpeg;
        ulong ycbcrPlanar = ycbcrJpeg ? await OptionalAsync(ifd, reader, TiffTag.PlanarConfiguration, 1, ct).ConfigureAwait(false) : 1;
        if (ycbcrJpeg && (spp != 3 || ycbcrPlanar != 1))
        {
            throw new UnsupportedGeoTiffException(
                $"YCbCr JPEG is read only as 3 pixel-interleaved bands; this image has {spp} band(s) with PlanarConfiguration {ycbcrPlanar}.");
        }

        if ((photometric is TiffPhotometric.Separated or TiffPhotometric.YCbCr && !ycbcrJpeg) || photometric is TiffPhotometric.CieLab or TiffPhotometric.IccLab
            or TiffPhotometric.ItuLab or TiffPhotometric.LogL or TiffPhotometric.LogLuv)
        {
            throw new UnsupportedGeoTiffException($"Photometric interpretation {photometric} ({(int)photometric}) needs colour conversion, which is not supported.");
        }

        (RasterDataType dataType, bool bilevel) = await DataTypeAsync(ifd, reader, bands, where, ct).ConfigureAwait(false);
        LibTiffCodecParameters? libTiffCodec = null;
        if (LibTiffCodecParameters.Decodes(compression))
        {
            if (compression == TiffCompression.Jpeg && (dataType != RasterDataType.Byte || bilevel))
            {
                throw new UnsupportedGeoTiffException($"JPEG compression of {(bilevel ? "1-bit" : dataType.ToString())} samples is not supported; JPEG is read for 8-bit samples.");
            }

            if (compression != TiffCompression.Jpeg && (!bilevel || bands != 1))
            {
                throw new UnsupportedGeoTiffException($"{compression.GdalName()} compression of {bands} band(s) of {(bilevel ? "1-bit" : dataType.ToString())} samples is not supported; CCITT is read for one band of 1-bit samples.");
            }

            libTiffCodec = await LibTiffCodecParameters.ReadAsync(ifd, reader, compression, photometric, ct).ConfigureAwait(false);
        }

        int predictor = (int)Math.Min(await OptionalAsync(ifd, reader, TiffTag.Predictor, 1, ct).ConfigureAwait(false), int.MaxValue);
        var effectivePredictor = TiffDecompressorFactory.UsesPredictor(compression) ? (TiffPredictor)Math.Min(predictor, ushort.MaxValue) : TiffPredictor.None;
        switch (effectivePredictor)
        {
            case TiffPredictor.None or TiffPredictor.Horizontal:
                break;
            case TiffPredictor.FloatingPoint when dataType is RasterDataType.Float32 or RasterDataType.Float64:
                break;
            case TiffPredictor.FloatingPoint:
                throw new GeoTiffFormatException($"Predictor 3 (floating point) is set on {dataType} samples in {where}; it applies only to floating-point samples.");
            default:
                throw new UnsupportedGeoTiffException($"Predictor {predictor} is not supported; supported: 1 (none), 2 (horizontal), 3 (floating point).");
        }

        if (bilevel && effectivePredictor != TiffPredictor.None)
        {
            throw new UnsupportedGeoTiffException($"Predictor {predictor} on 1-bit samples is not supported (libtiff refuses it too).");
        }

        ulong planarValue = await OptionalAsync(ifd, reader, TiffTag.PlanarConfiguration, 1, ct).ConfigureAwait(false);
        if (planarValue is not (1 or 2))
        {
            throw new GeoTiffFormatException($"PlanarConfiguration is {planarValue} in {where}; it must be 1 (contiguous) or 2 (separate).");
        }

        var planar = (TiffPlanarConfiguration)planarValue;
        var subfile = (TiffNewSubfileType)await OptionalAsync(ifd, reader, TiffTag.NewSubfileType, 0, ct).ConfigureAwait(false);

        bool tiled = ifd.Has(TiffTag.TileWidth) || ifd.Has(TiffTag.TileLength);
        int blockWidth, blockHeight;
        if (tiled)
        {
            blockWidth = await RequiredDimensionAsync(ifd, reader, TiffTag.TileWidth, where, ct).ConfigureAwait(false);
            blockHeight = await RequiredDimensionAsync(ifd, reader, TiffTag.TileLength, where, ct).ConfigureAwait(false);
        }
        else
        {
            ulong rowsPerStrip = await OptionalAsync(ifd, reader, TiffTag.RowsPerStrip, uint.MaxValue, ct).ConfigureAwait(false);
            blockWidth = width;
            blockHeight = rowsPerStrip == 0 || rowsPerStrip > (ulong)height ? height : (int)rowsPerStrip;
        }

        int samplesPerBlockPixel = planar == TiffPlanarConfiguration.Contiguous ? bands : 1;
        long blockBytes = (long)blockWidth * blockHeight * samplesPerBlockPixel * dataType.SizeInBytes();
        if (blockBytes > maxBlockBytes || blockBytes > int.MaxValue)
        {
            throw new GeoTiffFormatException(
                $"A {blockWidth} x {blockHeight} block of {samplesPerBlockPixel} {dataType} samples per pixel is {blockBytes} bytes in {where}; at most {maxBlockBytes} are accepted.");
        }

        long across = ((long)width + blockWidth - 1) / blockWidth;
        long down = ((long)height + blockHeight - 1) / blockHeight;
        long blockCount = across * down * (planar == TiffPlanarConfiguration.Separate ? bands : 1);
        if (blockCount > MaxBlockCount)
        {
            throw new GeoTiffFormatException($"The image in {where} has {blockCount} blocks ({across} x {down} per band); at most {MaxBlockCount} are accepted.");
        }

        var offsetsTag = tiled ? TiffTag.TileOffsets : TiffTag.StripOffsets;
        var countsTag = tiled ? TiffTag.TileByteCounts : TiffTag.StripByteCounts;
        if (!ifd.TryGet(offsetsTag, out IfdEntry offsetsEntry))
        {
            throw new GeoTiffFormatException($"{where} has no {offsetsTag} tag.");
        }

        long[] offsets = await BlockArrayAsync(reader, offsetsEntry, (int)blockCount, ct).ConfigureAwait(false);
        long[]? counts = null;
        if (ifd.TryGet(countsTag, out IfdEntry countsEntry))
        {
            counts = await BlockArrayAsync(reader, countsEntry, (int)blockCount, ct).ConfigureAwait(false);
        }
        else if (compression != TiffCompression.None || tiled)
        {
            throw new GeoTiffFormatException($"{where} has no {countsTag} tag.");
        }

        return new TiffImageStructure
        {
            IfdOffset = ifd.Offset,
            ByteOrder = order,
            Width = width,
            Height = height,
            SamplesPerPixel = bands,
            DataType = dataType,
            Compression = compression,
            IsBilevel = bilevel,
            LibTiffCodec = libTiffCodec,
            Predictor = predictor,
            EffectivePredictor = effectivePredictor,
            PlanarConfiguration = planar,
            IsTiled = tiled,
            BlockWidth = blockWidth,
            BlockHeight = blockHeight,
            SubfileType = subfile,
            StoredOffsets = offsets,
            StoredByteCounts = counts,
        };
    }

    /// <summary>The NewSubfileType flags of an IFD, without parsing the rest.</summary>
    public static async ValueTask<TiffNewSubfileType> SubfileTypeAsync(ImageFileDirectory ifd, TagValueReader reader, CancellationToken ct) =>
        (TiffNewSubfileType)await OptionalAsync(ifd, reader, TiffTag.NewSubfileType, 0, ct).ConfigureAwait(false);

    private static async ValueTask<(RasterDataType Type, bool Bilevel)> DataTypeAsync(ImageFileDirectory ifd, TagValueReader reader, int bands, string where, CancellationToken ct)
    {
        int bits = await UniformAsync(ifd, reader, TiffTag.BitsPerSample, 1, bands, where, ct).ConfigureAwait(false);
        var format = (TiffSampleFormat)await UniformAsync(ifd, reader, TiffTag.SampleFormat, 1, bands, where, ct).ConfigureAwait(false);
        if (bits == 1 && format is TiffSampleFormat.UnsignedInteger or TiffSampleFormat.Void)
        {
            return (RasterDataType.Byte, true);
        }

        return ((format, bits) switch
        {
            (TiffSampleFormat.UnsignedInteger or TiffSampleFormat.Void, 8) => RasterDataType.Byte,
            (TiffSampleFormat.UnsignedInteger or TiffSampleFormat.Void, 16) => RasterDataType.UInt16,
            (TiffSampleFormat.UnsignedInteger or TiffSampleFormat.Void, 32) => RasterDataType.UInt32,
            (TiffSampleFormat.SignedInteger, 8) => RasterDataType.SByte,
            (TiffSampleFormat.SignedInteger, 16) => RasterDataType.Int16,
            (TiffSampleFormat.SignedInteger, 32) => RasterDataType.Int32,
            (TiffSampleFormat.IeeeFloat, 32) => RasterDataType.Float32,
            (TiffSampleFormat.IeeeFloat, 64) => RasterDataType.Float64,
            (TiffSampleFormat.ComplexInteger or TiffSampleFormat.ComplexFloat, _) =>
                throw new UnsupportedGeoTiffException($"Complex samples ({format}, {bits} bits) are not supported."),
            (TiffSampleFormat.UnsignedInteger or TiffSampleFormat.Void or TiffSampleFormat.SignedInteger or TiffSampleFormat.IeeeFloat, _) =>
                throw new UnsupportedGeoTiffException(
                    $"{bits}-bit {Describe(format)} samples are not supported; supported: 8, 16 and 32-bit integers, 32 and 64-bit floats."),
            _ => throw new GeoTiffFormatException($"SampleFormat {(int)format} in {where} is not a valid TIFF sample format."),
        }, false);

        static string Describe(TiffSampleFormat f) => f switch
        {
            TiffSampleFormat.SignedInteger => "signed integer",
            TiffSampleFormat.IeeeFloat => "floating-point",
            _ => "unsigned integer",
        };
    }

    /// <summary>A per-sample tag whose values must all be equal (this reader has one type per image).</summary>
    private static async ValueTask<int> UniformAsync(
        ImageFileDirectory ifd, TagValueReader reader, TiffTag tag, int defaultValue, int bands, string where, CancellationToken ct)
    {
        if (!ifd.TryGet(tag, out IfdEntry entry) || entry.Count == 0)
        {
            return defaultValue;
        }

        ulong[] values = await reader.ReadIntegersAsync(entry with { Count = Math.Min(entry.Count, (ulong)bands) }, bands, ct).ConfigureAwait(false);
        ulong first = values[0];
        foreach (ulong v in values)
        {
            if (v != first)
            {
                throw new UnsupportedGeoTiffException($"{tag} differs between bands ({string.Join(", ", values)}); mixed sample types are not supported.");
            }
        }

        if (first > ushort.MaxValue)
        {
            throw new GeoTiffFormatException($"{tag} is {first} in {where}, outside the SHORT range.");
        }

        return (int)first;
    }

    private static async ValueTask<int> RequiredDimensionAsync(ImageFileDirectory ifd, TagValueReader reader, TiffTag tag, string where, CancellationToken ct)
    {
        if (!ifd.TryGet(tag, out IfdEntry entry))
        {
            throw new GeoTiffFormatException($"{where} has no {tag} tag.");
        }

        ulong value = await reader.ReadIntegerAsync(entry, ct).ConfigureAwait(false);
        if (value is 0 or > int.MaxValue)
        {
            throw new GeoTiffFormatException($"{tag} is {value} in {where}; it must be between 1 and {int.MaxValue}.");
        }

        return (int)value;
    }

    private static async ValueTask<ulong> OptionalAsync(ImageFileDirectory ifd, TagValueReader reader, TiffTag tag, ulong defaultValue, CancellationToken ct) =>
        ifd.TryGet(tag, out IfdEntry entry) && entry.Count > 0 ? await reader.ReadIntegerAsync(entry, ct).ConfigureAwait(false) : defaultValue;

    private static async ValueTask<long[]> BlockArrayAsync(TagValueReader reader, IfdEntry entry, int blockCount, CancellationToken ct)
    {
        // Like libtiff: extra values are ignored, missing ones are absent blocks. The array is only as
        // long as what the file stores, never sized from the declared block count.
        ulong[] values = await reader.ReadIntegersAsync(entry with { Count = Math.Min(entry.Count, (ulong)blockCount) }, blockCount, ct).ConfigureAwait(false);
        return Array.ConvertAll(values, v => v > long.MaxValue ? -1 : (long)v);
    }
}

using System.Buffers;
using BitMiracle.LibTiff.Classic;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Reading;

namespace SegmentS2.GeoTiff.Compression.LibTiff;

/// <summary>
/// The fallback decoder: hands one block at a time to BitMiracle.LibTiff.NET for the codecs the
/// managed decompressors do not implement (JPEG and CCITT RLE, Group 3 and Group 4); YCbCr JPEG goes
/// to BitMiracle.LibJpeg.NET and <see cref="YCbCrToRgb"/> so that its RGB equals GDAL's. Each block becomes a one-block TIFF built from validated values
/// (<see cref="SingleBlockTiff"/>), so LibTiff.NET never parses the file's own IFDs, never sees
/// more than one block's stored bytes and never decodes more than the block's declared size; every
/// decode has its own LibTiff.NET handle, so blocks decode in parallel.
/// </summary>
internal sealed class LibTiffBlockDecoder
{
    private readonly TiffImageStructure _image;
    private readonly LibTiffCodecParameters _parameters;

    public LibTiffBlockDecoder(TiffImageStructure image, LibTiffCodecParameters parameters)
    {
        _image = image;
        _parameters = parameters;
    }

    /// <summary>
    /// Most decoded bytes per stored byte: JPEG codes an 8 x 8 block of a component in at least 2 bits
    /// (512 with 4:2:0 subsampling, so 1024 leaves room); CCITT can code a whole row in one bit.
    /// </summary>
    public long MaxExpansionRatio => _image.Compression == TiffCompression.Jpeg ? 1024 : 8L * _image.StoredRowBytes + 64;

    /// <summary>
    /// Decodes one block (as stored: packed bits for 1-bit data) into <paramref name="destination"/>
    /// and returns the bytes written. Any failure is a <see cref="GeoTiffFormatException"/> naming the codec.
    /// </summary>
    /// <param name="index">The block.</param>
    /// <param name="stored">The block's stored bytes.</param>
    /// <param name="destination">At least the block's stored-layout size.</param>
    /// <param name="rows">Rows of this block: the whole tile height for tiles, the strip's rows for strips.</param>
    public int Decode(int index, ReadOnlyMemory<byte> stored, Span<byte> destination, int rows)
    {
        TiffImageStructure s = _image;
        string codec = s.Compression.GdalName();
        bool separate = s.PlanarConfiguration == TiffPlanarConfiguration.Separate && s.SamplesPerPixel > 1;
        TiffPhotometric photometric = separate ? TiffPhotometric.MinIsBlack : _parameters.Photometric;
        int height = s.IsTiled ? s.BlockHeight : rows;
        int expected = height * s.StoredRowBytes;
        if (expected > destination.Length)
        {
            throw new GeoTiffFormatException($"{codec} block of {expected} bytes does not fit its {destination.Length}-byte buffer.");
        }

        if (photometric == TiffPhotometric.YCbCr)
        {
            // YCbCr JPEG: LibJpeg.NET decodes the planes and they are converted here as libjpeg-turbo converts them for GDAL.
            try
            {
                YCbCrJpegDecoder.Decode(_parameters.JpegTables, stored.Span, s.BlockWidth, height,
                    _parameters.YCbCrSubsamplingHorizontal, _parameters.YCbCrSubsamplingVertical, destination, s.BlockRowBytes);
                return expected;
            }
            catch (Exception ex) when (ex is not (GeoTiffFormatException or OperationCanceledException or OutOfMemoryException))
            {
                throw new GeoTiffFormatException($"{codec} data is corrupt: LibJpeg.NET failed with {ex.GetType().Name}: {ex.Message}", ex);
            }
        }

        byte[] file = SingleBlockTiff.Build(
            s.Compression, _parameters, s.BlockWidth, height, s.IsTiled, s.SamplesPerBlockPixel, s.BitsPerSample, photometric, stored.Span);
        byte[] decoded = ArrayPool<byte>.Shared.Rent(expected);
        using LibTiffErrorCapture.Scope errors = LibTiffErrorCapture.Begin();
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            using Tiff? tiff = Tiff.ClientOpen("block", "r", stream, new TiffStream());
            if (tiff is null)
            {
                throw new GeoTiffFormatException($"{codec} data could not be opened by LibTiff.NET: {errors.FirstError ?? "no reason given"}.");
            }

            int size = s.IsTiled ? tiff.TileSize() : tiff.StripSize();
            if (size != expected)
            {
                throw new GeoTiffFormatException($"{codec} block would decode to {size} bytes; {expected} expected.");
            }

            int written = s.IsTiled ? tiff.ReadEncodedTile(0, decoded, 0, expected) : tiff.ReadEncodedStrip(0, decoded, 0, expected);
            if (written < 0 || errors.FirstError is not null)
            {
                throw new GeoTiffFormatException($"{codec} data is corrupt: {errors.FirstError ?? "LibTiff.NET could not decode it"}.");
            }

            written = Math.Min(written, expected);
            decoded.AsSpan(0, written).CopyTo(destination);
            return written;
        }
        catch (Exception ex) when (ex is not (GeoTiffFormatException or OperationCanceledException or OutOfMemoryException))
        {
            // LibTiff.NET and LibJpeg.NET throw their own (and runtime) exceptions on some corrupt data.
            throw new GeoTiffFormatException($"{codec} data is corrupt: LibTiff.NET failed with {ex.GetType().Name}: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }
}

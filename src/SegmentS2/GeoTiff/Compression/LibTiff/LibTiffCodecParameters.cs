using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Ifd;

namespace SegmentS2.GeoTiff.Compression.LibTiff;

/// <summary>
/// The tags besides the block layout that LibTiff.NET needs to decode one block of a JPEG or CCITT
/// image, read from the IFD and checked here, so that the one-block TIFF handed to LibTiff.NET holds
/// only values this reader has validated.
/// </summary>
internal sealed record LibTiffCodecParameters
{
    /// <summary>Most bytes of a JPEGTables tag (real tables hold a few hundred bytes).</summary>
    public const int MaxJpegTablesBytes = 1 << 16;

    /// <summary>The PhotometricInterpretation tag.</summary>
    public required TiffPhotometric Photometric { get; init; }

    /// <summary>Shared JPEG tables (JPEGTables tag), or null when every block carries its own.</summary>
    public byte[]? JpegTables { get; init; }

    /// <summary>Horizontal chroma subsampling of YCbCr JPEG (1, 2 or 4).</summary>
    public int YCbCrSubsamplingHorizontal { get; init; } = 2;

    /// <summary>Vertical chroma subsampling of YCbCr JPEG (1, 2 or 4, at most the horizontal one).</summary>
    public int YCbCrSubsamplingVertical { get; init; } = 2;

    /// <summary>FillOrder (1 or 2).</summary>
    public int FillOrder { get; init; } = 1;

    /// <summary>T4Options (Group 3) or T6Options (Group 4), or null when absent.</summary>
    public uint? FaxOptions { get; init; }

    /// <summary>True when LibTiff.NET is the decoder of <paramref name="compression"/>.</summary>
    public static bool Decodes(TiffCompression compression) => compression is TiffCompression.Jpeg
        or TiffCompression.CcittRle or TiffCompression.CcittFax3 or TiffCompression.CcittFax4;

    /// <summary>Reads and checks the parameters of an IFD whose codec LibTiff.NET decodes.</summary>
    public static async ValueTask<LibTiffCodecParameters> ReadAsync(
        ImageFileDirectory ifd, TagValueReader reader, TiffCompression compression, TiffPhotometric photometric, CancellationToken ct)
    {
        string where = $"the IFD at offset {ifd.Offset}";
        byte[]? tables = null;
        int h = 2, v = 2;
        int fillOrder = 1;
        uint? faxOptions = null;
        if (compression == TiffCompression.Jpeg)
        {
            if (ifd.TryGet(TiffTag.JpegTables, out IfdEntry entry) && entry.Count > 0)
            {
                if (entry.FieldType is not (TiffFieldType.Undefined or TiffFieldType.Byte))
                {
                    throw new GeoTiffFormatException($"JPEGTables has field type {entry.FieldType} in {where}; it must be UNDEFINED.");
                }

                tables = await reader.ReadRawAsync(entry, MaxJpegTablesBytes, ct).ConfigureAwait(false);
            }

            if (photometric == TiffPhotometric.YCbCr && ifd.TryGet(TiffTag.YCbCrSubsampling, out IfdEntry sub) && sub.Count > 0)
            {
                ulong[] values = await reader.ReadIntegersAsync(sub, 2, ct).ConfigureAwait(false);
                h = (int)Math.Min(values[0], 255);
                v = values.Length > 1 ? (int)Math.Min(values[1], 255) : h;
                if (h is not (1 or 2 or 4) || v is not (1 or 2 or 4) || v > h)
                {
                    throw new GeoTiffFormatException($"YCbCrSubsampling is {values[0]}, {(values.Length > 1 ? values[1] : values[0])} in {where}; each must be 1, 2 or 4, vertical at most horizontal.");
                }
            }
        }
        else
        {
            if (ifd.TryGet(TiffTag.FillOrder, out IfdEntry fill) && fill.Count > 0)
            {
                ulong value = await reader.ReadIntegerAsync(fill, ct).ConfigureAwait(false);
                if (value is not (1 or 2))
                {
                    throw new GeoTiffFormatException($"FillOrder is {value} in {where}; it must be 1 or 2.");
                }

                fillOrder = (int)value;
            }

            TiffTag optionsTag = compression == TiffCompression.CcittFax4 ? TiffTag.T6Options : TiffTag.T4Options;
            if (compression != TiffCompression.CcittRle && ifd.TryGet(optionsTag, out IfdEntry options) && options.Count > 0)
            {
                faxOptions = (uint)Math.Min(await reader.ReadIntegerAsync(options, ct).ConfigureAwait(false), uint.MaxValue);
            }
        }

        return new LibTiffCodecParameters
        {
            Photometric = photometric,
            JpegTables = tables,
            YCbCrSubsamplingHorizontal = h,
            YCbCrSubsamplingVertical = v,
            FillOrder = fillOrder,
            FaxOptions = faxOptions,
        };
    }
}

namespace SegmentS2.GeoTiff.Ifd;

/// <summary>The TIFF header: byte order, classic or BigTIFF, and where the first IFD is.</summary>
/// <param name="ByteOrder">Byte order of every multi-byte value in the file.</param>
/// <param name="IsBigTiff">True for BigTIFF (64-bit offsets, version 43).</param>
/// <param name="FirstIfdOffset">File offset of the first image file directory.</param>
internal readonly record struct TiffFileHeader(TiffByteOrder ByteOrder, bool IsBigTiff, ulong FirstIfdOffset)
{
    /// <summary>Bytes to read to be sure of holding the header of either flavour.</summary>
    public const int MaxSize = 16;

    /// <summary>Size of an offset or a count field in IFDs: 4 (classic) or 8 (BigTIFF).</summary>
    public int OffsetSize => IsBigTiff ? 8 : 4;

    /// <summary>Parses the header from the first bytes of the file (up to <see cref="MaxSize"/>).</summary>
    public static TiffFileHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw new GeoTiffFormatException($"Not a TIFF file: it has {bytes.Length} bytes, fewer than the 8-byte header.");
        }

        TiffByteOrder order = (bytes[0], bytes[1]) switch
        {
            ((byte)'I', (byte)'I') => new TiffByteOrder(false),
            ((byte)'M', (byte)'M') => new TiffByteOrder(true),
            _ => throw new GeoTiffFormatException(
                $"Not a TIFF file: the byte-order mark is 0x{bytes[0]:X2}{bytes[1]:X2}, not \"II\" or \"MM\"."),
        };

        ushort version = order.UInt16(bytes[2..]);
        if (version == 42)
        {
            return new TiffFileHeader(order, false, order.UInt32(bytes[4..]));
        }

        if (version != 43)
        {
            throw new GeoTiffFormatException($"Not a TIFF file: version {version} at offset 2 is neither 42 (TIFF) nor 43 (BigTIFF).");
        }

        if (bytes.Length < 16)
        {
            throw new GeoTiffFormatException($"Truncated BigTIFF header: {bytes.Length} bytes, 16 needed.");
        }

        ushort offsetSize = order.UInt16(bytes[4..]);
        ushort reserved = order.UInt16(bytes[6..]);
        if (offsetSize != 8 || reserved != 0)
        {
            throw new GeoTiffFormatException($"Invalid BigTIFF header: offset size {offsetSize} (must be 8), reserved {reserved} (must be 0).");
        }

        return new TiffFileHeader(order, true, order.UInt64(bytes[8..]));
    }
}

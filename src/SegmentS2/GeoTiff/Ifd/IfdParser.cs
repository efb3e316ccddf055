using System.Buffers;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.IO;

namespace SegmentS2.GeoTiff.Ifd;

/// <summary>Reads IFDs: entry counts and value extents are checked against the file before use.</summary>
internal static class IfdParser
{
    /// <summary>Most entries one IFD may declare; real files have tens.</summary>
    public const int MaxEntries = 4096;

    /// <summary>Reads the IFD at <paramref name="offset"/>.</summary>
    public static async ValueTask<ImageFileDirectory> ReadAsync(
        IRandomAccessSource source, TiffFileHeader header, ulong offset, CancellationToken cancellationToken)
    {
        int countSize = header.IsBigTiff ? 8 : 2;
        int entrySize = header.IsBigTiff ? 20 : 12;
        if (offset < 8 || offset > (ulong)source.Length || (ulong)source.Length - offset < (ulong)countSize)
        {
            throw new GeoTiffFormatException($"IFD offset {offset} lies outside the file ({source.Length} bytes).");
        }

        long start = (long)offset;
        byte[] countBytes = new byte[8];
        await source.ReadExactlyAsync(start, countBytes.AsMemory(0, countSize), cancellationToken).ConfigureAwait(false);
        ulong count = header.IsBigTiff ? header.ByteOrder.UInt64(countBytes) : header.ByteOrder.UInt16(countBytes);
        if (count == 0 || count > MaxEntries)
        {
            throw new GeoTiffFormatException(
                $"The IFD at offset {offset} declares {count} entries; a valid IFD has between 1 and {MaxEntries}.");
        }

        int tableSize = (int)count * entrySize + header.OffsetSize;
        byte[] table = ArrayPool<byte>.Shared.Rent(tableSize);
        try
        {
            long tableStart = start + countSize;
            if (tableSize > source.Length - tableStart)
            {
                throw new GeoTiffFormatException(
                    $"The IFD at offset {offset} declares {count} entries, which run past the end of the file ({source.Length} bytes).");
            }

            await source.ReadExactlyAsync(tableStart, table.AsMemory(0, tableSize), cancellationToken).ConfigureAwait(false);
            return ParseTable(table.AsSpan(0, tableSize), (int)count, header, start, source.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(table);
        }
    }

    private static ImageFileDirectory ParseTable(ReadOnlySpan<byte> table, int count, TiffFileHeader header, long ifdOffset, long fileLength)
    {
        TiffByteOrder order = header.ByteOrder;
        int entrySize = header.IsBigTiff ? 20 : 12;
        int fieldSize = header.OffsetSize;
        var entries = new Dictionary<ushort, IfdEntry>(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> e = table.Slice(i * entrySize, entrySize);
            ushort tag = order.UInt16(e);
            var type = (TiffFieldType)order.UInt16(e[2..]);
            ulong valueCount = header.IsBigTiff ? order.UInt64(e[4..]) : order.UInt32(e[4..]);
            ReadOnlySpan<byte> field = e.Slice(header.IsBigTiff ? 12 : 8, fieldSize);
            int typeSize = type.SizeInBytes();

            // Like libtiff: entries of unknown type, and repeated tags, are skipped.
            if (typeSize == 0 || entries.ContainsKey(tag))
            {
                continue;
            }

            if (valueCount > (ulong)(long.MaxValue / 8))
            {
                throw new GeoTiffFormatException($"Tag {tag} in the IFD at offset {ifdOffset} declares {valueCount} values, an impossible count.");
            }

            ulong byteLength = valueCount * (ulong)typeSize;
            var inline = default(InlineBytes);
            field.CopyTo(inline);
            bool isInline = byteLength <= (ulong)fieldSize;
            ulong valueOffset = 0;
            if (!isInline)
            {
                valueOffset = fieldSize == 8 ? order.UInt64(field) : order.UInt32(field);
            }

            entries[tag] = new IfdEntry(tag, type, valueCount, inline, isInline, valueOffset);
        }

        ulong next = fieldSize == 8 ? order.UInt64(table[(count * entrySize)..]) : order.UInt32(table[(count * entrySize)..]);
        if (next >= (ulong)fileLength)
        {
            // libtiff stops at a next-IFD offset past the end; so do we, rather than refusing the image.
            next = 0;
        }

        return new ImageFileDirectory(ifdOffset, entries, next);
    }
}

using System.Buffers.Binary;
using System.Text;
using SegmentS2.GeoTiff.Constants;

namespace SegmentS2.GeoTiff.Writing.Tiff;

/// <summary>
/// Collects the entries of one image file directory and serialises it (little-endian, classic TIFF
/// or BigTIFF), with values too large for an entry stored right after the directory. Offset arrays
/// are kept as 64-bit numbers and written as LONG or LONG8 by flavour, so the directory's size is
/// known before the offsets are.
/// </summary>
internal sealed class IfdBuilder
{
    private readonly SortedDictionary<ushort, Entry> _entries = [];

    public void AddShorts(TiffTag tag, params ReadOnlySpan<ushort> values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        Add(tag, new Entry(TiffFieldType.Short, values.Length, bytes, null));
    }

    public void AddLong(TiffTag tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Add(tag, new Entry(TiffFieldType.Long, 1, bytes, null));
    }

    public void AddDoubles(TiffTag tag, params ReadOnlySpan<double> values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        }

        Add(tag, new Entry(TiffFieldType.Double, values.Length, bytes, null));
    }

    /// <summary>An ASCII field; the terminating NUL is added here.</summary>
    public void AddAscii(TiffTag tag, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        Add(tag, new Entry(TiffFieldType.Ascii, bytes.Length, bytes, null));
    }

    /// <summary>An array of file offsets or byte counts: LONG in classic TIFF, LONG8 in BigTIFF.</summary>
    public void AddOffsets(TiffTag tag, long[] values) => Add(tag, new Entry(TiffFieldType.Long8, values.Length, null, values));

    /// <summary>Bytes the directory and its out-of-line values take.</summary>
    public long GetSize(bool bigTiff)
    {
        long size = DirectorySize(bigTiff);
        foreach (var e in _entries.Values)
        {
            long valueSize = e.ValueSize(bigTiff);
            if (valueSize > InlineCapacity(bigTiff))
            {
                size += Align(valueSize);
            }
        }

        return size;
    }

    /// <summary>Writes the directory, which starts at file offset <paramref name="ifdOffset"/>, into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination, long ifdOffset, long nextIfdOffset, bool bigTiff)
    {
        int entrySize = bigTiff ? 20 : 12;
        int pos = 0;
        if (bigTiff)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)_entries.Count);
            pos = 8;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, checked((ushort)_entries.Count));
            pos = 2;
        }

        long external = DirectorySize(bigTiff);
        foreach (var (tag, e) in _entries)
        {
            var entry = destination.Slice(pos, entrySize);
            entry.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            var type = e.Offsets is null ? e.Type : bigTiff ? TiffFieldType.Long8 : TiffFieldType.Long;
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], (ushort)type);
            Span<byte> valueField;
            if (bigTiff)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(entry[4..], (ulong)e.Count);
                valueField = entry.Slice(12, 8);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], checked((uint)e.Count));
                valueField = entry.Slice(8, 4);
            }

            long valueSize = e.ValueSize(bigTiff);
            if (valueSize <= InlineCapacity(bigTiff))
            {
                e.WriteValue(valueField, bigTiff);
            }
            else
            {
                long valueOffset = ifdOffset + external;
                if (bigTiff)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(valueField, (ulong)valueOffset);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(valueField, checked((uint)valueOffset));
                }

                var valueBytes = destination.Slice(checked((int)external), checked((int)Align(valueSize)));
                valueBytes.Clear();
                e.WriteValue(valueBytes, bigTiff);
                external += Align(valueSize);
            }

            pos += entrySize;
        }

        if (bigTiff)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[pos..], (ulong)nextIfdOffset);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[pos..], checked((uint)nextIfdOffset));
        }
    }

    private void Add(TiffTag tag, Entry entry) => _entries[(ushort)tag] = entry;

    private long DirectorySize(bool bigTiff) =>
        bigTiff ? 8 + 20L * _entries.Count + 8 : 2 + 12L * _entries.Count + 4;

    private static int InlineCapacity(bool bigTiff) => bigTiff ? 8 : 4;

    // Out-of-line values start on a word boundary (TIFF 6.0 requires even offsets; 8 keeps doubles aligned).
    private static long Align(long size) => (size + 7) & ~7L;

    private sealed record Entry(TiffFieldType Type, long Count, byte[]? Bytes, long[]? Offsets)
    {
        public long ValueSize(bool bigTiff) => Offsets is null ? Bytes!.Length : Offsets.Length * (bigTiff ? 8L : 4L);

        public void WriteValue(Span<byte> destination, bool bigTiff)
        {
            if (Offsets is null)
            {
                Bytes.CopyTo(destination);
                return;
            }

            for (int i = 0; i < Offsets.Length; i++)
            {
                if (bigTiff)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], (ulong)Offsets[i]);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], checked((uint)Offsets[i]));
                }
            }
        }
    }
}

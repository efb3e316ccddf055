using System.Buffers.Binary;

namespace SegmentS2.Tests.GeoTiff.Fuzzing;

/// <summary>
/// Where the IFD entries of a (valid) seed TIFF lie, found by a walk written for the fuzzer alone,
/// so that mutations can aim at tags, counts and offsets rather than only at random bytes.
/// </summary>
public sealed class TiffLayout
{
    private TiffLayout(bool bigEndian, bool bigTiff, List<Entry> entries)
    {
        BigEndian = bigEndian;
        BigTiff = bigTiff;
        Entries = entries;
    }

    public bool BigEndian { get; }
    public bool BigTiff { get; }

    /// <summary>Every entry of every IFD in the chain.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>One IFD entry: its position in the file, tag, type, count and where its values are.</summary>
    public sealed record Entry(int Position, ushort Tag, ushort Type, long Count, long ValuePosition, int ValueSize);

    public static TiffLayout Parse(byte[] file)
    {
        bool be = file[0] == 'M';
        bool big = U16(file, 2, be) == 43;
        long ifd = big ? (long)U64(file, 8, be) : U32(file, 4, be);
        var entries = new List<Entry>();
        var seen = new HashSet<long>();
        while (ifd != 0 && seen.Add(ifd) && ifd < file.Length)
        {
            long count = big ? (long)U64(file, (int)ifd, be) : U16(file, (int)ifd, be);
            int pos = (int)ifd + (big ? 8 : 2);
            int size = big ? 20 : 12;
            for (int i = 0; i < count; i++, pos += size)
            {
                ushort tag = U16(file, pos, be), type = U16(file, pos + 2, be);
                long n = big ? (long)U64(file, pos + 4, be) : U32(file, pos + 4, be);
                int typeSize = type switch { 3 or 8 => 2, 4 or 9 or 11 or 13 => 4, 5 or 10 or 12 or 16 or 17 or 18 => 8, _ => 1 };
                int field = pos + (big ? 12 : 8);
                long bytes = n * typeSize;
                long valuePos = bytes <= (big ? 8 : 4) ? field : big ? (long)U64(file, field, be) : U32(file, field, be);
                entries.Add(new Entry(pos, tag, type, n, valuePos, typeSize));
            }

            ifd = big ? (long)U64(file, pos, be) : U32(file, pos, be);
        }

        return new TiffLayout(be, big, entries);
    }

    /// <summary>Writes an unsigned value of <paramref name="size"/> bytes in the file's byte order.</summary>
    public void Write(byte[] file, long position, int size, ulong value)
    {
        if (position < 0 || position + size > file.Length)
        {
            return;
        }

        Span<byte> s = file.AsSpan((int)position, size);
        switch (size)
        {
            case 1: s[0] = (byte)value; break;
            case 2: if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(s, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)value); break;
            case 4: if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, (uint)value); else BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)value); break;
            default: if (BigEndian) BinaryPrimitives.WriteUInt64BigEndian(s, value); else BinaryPrimitives.WriteUInt64LittleEndian(s, value); break;
        }
    }

    private static ushort U16(byte[] b, int o, bool be) => be ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(o)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o));
    private static uint U32(byte[] b, int o, bool be) => be ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(o)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));
    private static ulong U64(byte[] b, int o, bool be) => be ? BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(o)) : BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(o));
}

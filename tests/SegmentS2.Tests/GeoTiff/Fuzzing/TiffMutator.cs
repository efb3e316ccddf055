using System.IO.Compression;

namespace SegmentS2.Tests.GeoTiff.Fuzzing;

/// <summary>
/// Seeded mutations of a valid TIFF: bit flips, boundary-value overwrites, truncation, inserted
/// bytes, and structure-aware edits of IFD entries (type, count, value or offset, huge sizes),
/// plus a DEFLATE block swapped for one that inflates far past its declared size.
/// </summary>
public sealed class TiffMutator(byte[] seed)
{
    private static readonly ulong[] Boundary = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF, ulong.MaxValue];
    private static readonly ushort[] SizeTags = [256, 257, 258, 277, 278, 322, 323, 284, 339, 317, 259];
    private static readonly ushort[] ArrayTags = [273, 279, 324, 325];
    private static readonly byte[] Bomb = CompressedZeros(4 << 20);

    private readonly TiffLayout _layout = TiffLayout.Parse(seed);

    /// <summary>A mutated copy of the seed and a short description of what was done.</summary>
    public (byte[] Data, string Description) Mutate(Random random)
    {
        byte[] data = (byte[])seed.Clone();
        var steps = new List<string>();
        int count = random.Next(1, 5);
        for (int i = 0; i < count && data.Length > 0; i++)
        {
            steps.Add(random.Next(10) switch
            {
                0 => FlipBits(data, random),
                1 => OverwriteByte(data, random),
                2 => OverwriteWord(data, random),
                3 => EditEntryValue(data, random),
                4 => EditEntryCount(data, random),
                5 => EditEntryType(data, random),
                6 => HugeSize(data, random),
                7 => EditBlockArray(data, random),
                8 => DeflateBomb(ref data, random),
                _ => random.Next(2) == 0 ? Truncate(ref data, random) : Insert(ref data, random),
            });
        }

        return (data, string.Join("; ", steps));
    }

    private static string FlipBits(byte[] d, Random r)
    {
        int n = r.Next(1, 9);
        for (int i = 0; i < n; i++)
        {
            d[r.Next(d.Length)] ^= (byte)(1 << r.Next(8));
        }

        return $"flip {n} bits";
    }

    private static string OverwriteByte(byte[] d, Random r)
    {
        int at = r.Next(d.Length);
        d[at] = (byte)Boundary[r.Next(6)];
        return $"byte {at} = {d[at]}";
    }

    private string OverwriteWord(byte[] d, Random r)
    {
        int at = r.Next(d.Length);
        ulong v = Boundary[r.Next(Boundary.Length)];
        _layout.Write(d, at, 4, v);
        return $"u32 {at} = {v:X}";
    }

    private TiffLayout.Entry? PickEntry(Random r, ushort[]? tags = null)
    {
        var candidates = tags is null ? _layout.Entries : _layout.Entries.Where(e => tags.Contains(e.Tag)).ToList();
        return candidates.Count == 0 ? null : candidates[r.Next(candidates.Count)];
    }

    private string EditEntryValue(byte[] d, Random r)
    {
        if (PickEntry(r) is not { } e)
        {
            return "no entry";
        }

        int field = e.Position + (_layout.BigTiff ? 12 : 8), size = _layout.BigTiff ? 8 : 4;
        ulong value = r.Next(3) switch
        {
            0 => Boundary[r.Next(Boundary.Length)],
            1 => (ulong)Math.Max(0, d.Length - r.Next(0, 16)),
            _ => (ulong)Math.Max(0, e.ValuePosition + r.Next(-16, 17)),
        };
        _layout.Write(d, field, size, value);
        return $"tag {e.Tag} value/offset = {value:X}";
    }

    private string EditEntryCount(byte[] d, Random r)
    {
        if (PickEntry(r) is not { } e)
        {
            return "no entry";
        }

        ulong value = r.Next(2) == 0 ? Boundary[r.Next(Boundary.Length)] : (ulong)Math.Max(0, e.Count + r.Next(-2, 3));
        _layout.Write(d, e.Position + 4, _layout.BigTiff ? 8 : 4, value);
        return $"tag {e.Tag} count = {value:X}";
    }

    private string EditEntryType(byte[] d, Random r)
    {
        if (PickEntry(r) is not { } e)
        {
            return "no entry";
        }

        ushort type = (ushort)r.Next(0, 20);
        _layout.Write(d, e.Position + 2, 2, type);
        return $"tag {e.Tag} type = {type}";
    }

    private string HugeSize(byte[] d, Random r)
    {
        if (PickEntry(r, SizeTags) is not { } e)
        {
            return "no size tag";
        }

        ulong value = Boundary[r.Next(Boundary.Length)];
        _layout.Write(d, e.ValuePosition, e.ValueSize, value);
        return $"tag {e.Tag} = {value:X}";
    }

    private string EditBlockArray(byte[] d, Random r)
    {
        if (PickEntry(r, ArrayTags) is not { Count: > 0 } e)
        {
            return "no block array";
        }

        long index = r.Next((int)Math.Min(e.Count, int.MaxValue));
        ulong value = r.Next(2) == 0 ? Boundary[r.Next(Boundary.Length)] : (ulong)Math.Max(0, d.Length - r.Next(0, 64));
        _layout.Write(d, e.ValuePosition + index * e.ValueSize, e.ValueSize, value);
        return $"tag {e.Tag}[{index}] = {value:X}";
    }

    /// <summary>Appends a zlib stream of 4 MiB of zeros and points a block at it.</summary>
    private string DeflateBomb(ref byte[] d, Random r)
    {
        TiffLayout.Entry? offsets = PickEntry(r, [273, 324]);
        TiffLayout.Entry? counts = offsets is null ? null : _layout.Entries.FirstOrDefault(e => e.Tag == offsets.Tag + 6 && e.Position > offsets.Position - 400 && e.Position < offsets.Position + 400);
        if (offsets is null || counts is null)
        {
            return "no block to bomb";
        }

        int at = d.Length;
        Array.Resize(ref d, d.Length + Bomb.Length);
        Bomb.CopyTo(d, at);
        _layout.Write(d, offsets.ValuePosition, offsets.ValueSize, (ulong)at);
        _layout.Write(d, counts.ValuePosition, counts.ValueSize, (ulong)Bomb.Length);
        return $"deflate bomb at {at}";
    }

    private static string Truncate(ref byte[] d, Random r)
    {
        int length = r.Next(0, d.Length);
        Array.Resize(ref d, length);
        return $"truncate to {length}";
    }

    private static string Insert(ref byte[] d, Random r)
    {
        int at = r.Next(d.Length), n = r.Next(1, 64);
        var result = new byte[d.Length + n];
        d.AsSpan(0, at).CopyTo(result);
        r.NextBytes(result.AsSpan(at, n));
        d.AsSpan(at).CopyTo(result.AsSpan(at + n));
        d = result;
        return $"insert {n} bytes at {at}";
    }

    private static byte[] CompressedZeros(int size)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize))
        {
            zlib.Write(new byte[size]);
        }

        return output.ToArray();
    }
}

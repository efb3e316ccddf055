using System.Buffers.Binary;
using SegmentS2.GeoTiff.Constants;

namespace SegmentS2.GeoTiff.Compression.LibTiff;

/// <summary>
/// Writes a little-endian classic TIFF holding one block (a tile, or a strip as the whole image):
/// the form in which LibTiff.NET receives a block to decode. Every tag value comes from this
/// reader's validated structure, none is copied from the file unchecked.
/// </summary>
internal static class SingleBlockTiff
{
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const ushort Undefined = 7;

    /// <summary>The bytes of a TIFF whose only image is the block <paramref name="stored"/>.</summary>
    /// <param name="compression">The codec.</param>
    /// <param name="parameters">Codec tags.</param>
    /// <param name="width">Block columns.</param>
    /// <param name="height">Block rows: the tile height, or the rows of this strip.</param>
    /// <param name="tiled">Write a tile rather than a strip.</param>
    /// <param name="samplesPerPixel">Samples per pixel in the block (1 for a plane of a band-separate image).</param>
    /// <param name="bitsPerSample">Bits of each sample.</param>
    /// <param name="photometric">Photometric interpretation to declare.</param>
    /// <param name="stored">The block's stored bytes.</param>
    public static byte[] Build(
        TiffCompression compression, LibTiffCodecParameters parameters, int width, int height, bool tiled,
        int samplesPerPixel, int bitsPerSample, TiffPhotometric photometric, ReadOnlySpan<byte> stored)
    {
        var entries = new List<(ushort Tag, ushort Type, uint Count, byte[] Value)>(16);
        void Add(TiffTag tag, ushort type, uint count, byte[] value) => entries.Add(((ushort)tag, type, count, value));
        void AddShort(TiffTag tag, int value) => Add(tag, Short, 1, Shorts([value]));
        void AddLong(TiffTag tag, uint value) => Add(tag, Long, 1, Longs(value));

        AddLong(TiffTag.ImageWidth, (uint)width);
        AddLong(TiffTag.ImageLength, (uint)height);
        Add(TiffTag.BitsPerSample, Short, (uint)samplesPerPixel, Shorts(Enumerable.Repeat(bitsPerSample, samplesPerPixel)));
        AddShort(TiffTag.Compression, (ushort)compression);
        AddShort(TiffTag.PhotometricInterpretation, (ushort)photometric);
        if (parameters.FillOrder != 1)
        {
            AddShort(TiffTag.FillOrder, parameters.FillOrder);
        }

        AddShort(TiffTag.SamplesPerPixel, samplesPerPixel);
        AddShort(TiffTag.PlanarConfiguration, 1);
        if (parameters.FaxOptions is uint fax)
        {
            AddLong(compression == TiffCompression.CcittFax4 ? TiffTag.T6Options : TiffTag.T4Options, fax);
        }

        if (tiled)
        {
            AddLong(TiffTag.TileWidth, (uint)width);
            AddLong(TiffTag.TileLength, (uint)height);
            AddLong(TiffTag.TileOffsets, 0);
            AddLong(TiffTag.TileByteCounts, (uint)stored.Length);
        }
        else
        {
            AddLong(TiffTag.StripOffsets, 0);
            AddLong(TiffTag.RowsPerStrip, (uint)height);
            AddLong(TiffTag.StripByteCounts, (uint)stored.Length);
        }

        if (parameters.JpegTables is { Length: > 0 } tables)
        {
            Add(TiffTag.JpegTables, Undefined, (uint)tables.Length, tables);
        }

        if (photometric == TiffPhotometric.YCbCr)
        {
            Add(TiffTag.YCbCrSubsampling, Short, 2, Shorts([parameters.YCbCrSubsamplingHorizontal, parameters.YCbCrSubsamplingVertical]));
        }

        entries.Sort(static (a, b) => a.Tag.CompareTo(b.Tag));
        int ifdBytes = 2 + entries.Count * 12 + 4;
        int extra = entries.Where(e => e.Value.Length > 4).Sum(e => (e.Value.Length + 1) & ~1);
        int dataOffset = 8 + ifdBytes + extra;
        entries[entries.FindIndex(e => e.Tag == (ushort)(tiled ? TiffTag.TileOffsets : TiffTag.StripOffsets))] =
            ((ushort)(tiled ? TiffTag.TileOffsets : TiffTag.StripOffsets), Long, 1, Longs((uint)dataOffset));

        var file = new byte[dataOffset + stored.Length];
        Span<byte> f = file;
        f[0] = (byte)'I';
        f[1] = (byte)'I';
        BinaryPrimitives.WriteUInt16LittleEndian(f[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(f[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(f[8..], (ushort)entries.Count);
        int entry = 10;
        int value = 8 + ifdBytes;
        foreach ((ushort tag, ushort type, uint count, byte[] bytes) in entries)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(f[entry..], tag);
            BinaryPrimitives.WriteUInt16LittleEndian(f[(entry + 2)..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(f[(entry + 4)..], count);
            if (bytes.Length <= 4)
            {
                bytes.CopyTo(f[(entry + 8)..]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(f[(entry + 8)..], (uint)value);
                bytes.CopyTo(f[value..]);
                value += (bytes.Length + 1) & ~1;
            }

            entry += 12;
        }

        stored.CopyTo(f[dataOffset..]);
        return file;
    }

    private static byte[] Shorts(IEnumerable<int> values)
    {
        int[] v = values.ToArray();
        var bytes = new byte[v.Length * 2];
        for (int i = 0; i < v.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)v[i]);
        }

        return bytes;
    }

    private static byte[] Longs(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}

using System.Buffers.Binary;

namespace SegmentS2.GeoTiff.Ifd;

/// <summary>Reads integers and floats in the file's byte order ("II" little-endian or "MM" big-endian).</summary>
internal readonly record struct TiffByteOrder(bool IsBigEndian)
{
    /// <summary>True when the file's order differs from this machine's, so samples need swapping.</summary>
    public bool NeedsSwap => IsBigEndian == BitConverter.IsLittleEndian;

    public ushort UInt16(ReadOnlySpan<byte> s) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);

    public uint UInt32(ReadOnlySpan<byte> s) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);

    public ulong UInt64(ReadOnlySpan<byte> s) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);

    public float Single(ReadOnlySpan<byte> s) =>
        IsBigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s);

    public double Double(ReadOnlySpan<byte> s) =>
        IsBigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s);
}

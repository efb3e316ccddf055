using System.Text;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.IO;

namespace SegmentS2.GeoTiff.Ifd;

/// <summary>
/// Loads the values of IFD entries as integers, doubles or text, checking each value extent against
/// the file and a caller-given cap before allocating anything.
/// </summary>
internal sealed class TagValueReader
{
    private readonly IRandomAccessSource _source;
    private readonly TiffByteOrder _order;

    public TagValueReader(IRandomAccessSource source, TiffByteOrder order)
    {
        _source = source;
        _order = order;
    }

    /// <summary>The single integer value of an entry (the first, when there are several).</summary>
    public async ValueTask<ulong> ReadIntegerAsync(IfdEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Count == 0)
        {
            throw new GeoTiffFormatException($"{entry.Name} has no value.");
        }

        ulong[] values = await ReadIntegersAsync(entry with { Count = 1 }, 1, cancellationToken).ConfigureAwait(false);
        return values[0];
    }

    /// <summary>All values of an integer-typed entry, widened to <see cref="ulong"/>.</summary>
    public async ValueTask<ulong[]> ReadIntegersAsync(IfdEntry entry, long maxCount, CancellationToken cancellationToken)
    {
        if (!IsInteger(entry.FieldType))
        {
            throw new GeoTiffFormatException($"{entry.Name} has field type {entry.FieldType}, not an integer type.");
        }

        byte[] raw = await ReadRawAsync(entry, maxCount, cancellationToken).ConfigureAwait(false);
        int size = entry.FieldType.SizeInBytes();
        var values = new ulong[(int)entry.Count];
        ReadOnlySpan<byte> s = raw;
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> v = s.Slice(i * size, size);
            values[i] = entry.FieldType switch
            {
                TiffFieldType.Byte or TiffFieldType.Undefined => v[0],
                TiffFieldType.SByte => (ulong)(long)(sbyte)v[0],
                TiffFieldType.Short => _order.UInt16(v),
                TiffFieldType.SShort => (ulong)(long)(short)_order.UInt16(v),
                TiffFieldType.Long or TiffFieldType.Ifd => _order.UInt32(v),
                TiffFieldType.SLong => (ulong)(long)(int)_order.UInt32(v),
                _ => _order.UInt64(v),
            };
        }

        return values;
    }

    /// <summary>All values of a numeric entry as doubles (integers, rationals and floats).</summary>
    public async ValueTask<double[]> ReadDoublesAsync(IfdEntry entry, long maxCount, CancellationToken cancellationToken)
    {
        if (entry.FieldType is TiffFieldType.Ascii)
        {
            throw new GeoTiffFormatException($"{entry.Name} has field type ASCII, not a numeric type.");
        }

        if (IsInteger(entry.FieldType))
        {
            ulong[] ints = await ReadIntegersAsync(entry, maxCount, cancellationToken).ConfigureAwait(false);
            bool signed = entry.FieldType is TiffFieldType.SByte or TiffFieldType.SShort or TiffFieldType.SLong or TiffFieldType.SLong8;
            return Array.ConvertAll(ints, v => signed ? (double)(long)v : v);
        }

        byte[] raw = await ReadRawAsync(entry, maxCount, cancellationToken).ConfigureAwait(false);
        int size = entry.FieldType.SizeInBytes();
        var values = new double[(int)entry.Count];
        ReadOnlySpan<byte> s = raw;
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> v = s.Slice(i * size, size);
            values[i] = entry.FieldType switch
            {
                TiffFieldType.Float => _order.Single(v),
                TiffFieldType.Double => _order.Double(v),
                TiffFieldType.Rational => Ratio(_order.UInt32(v), _order.UInt32(v[4..])),
                _ => Ratio((int)_order.UInt32(v), (int)_order.UInt32(v[4..])),
            };
        }

        return values;
    }

    /// <summary>The text of an ASCII entry, up to its first NUL.</summary>
    public async ValueTask<string> ReadAsciiAsync(IfdEntry entry, long maxLength, CancellationToken cancellationToken)
    {
        if (entry.FieldType is not (TiffFieldType.Ascii or TiffFieldType.Byte or TiffFieldType.Undefined))
        {
            throw new GeoTiffFormatException($"{entry.Name} has field type {entry.FieldType}, not ASCII.");
        }

        byte[] raw = await ReadRawAsync(entry, maxLength, cancellationToken).ConfigureAwait(false);
        int end = Array.IndexOf(raw, (byte)0);
        return Encoding.UTF8.GetString(raw, 0, end < 0 ? raw.Length : end);
    }

    /// <summary>The raw bytes of an entry's values, in file byte order.</summary>
    public async ValueTask<byte[]> ReadRawAsync(IfdEntry entry, long maxCount, CancellationToken cancellationToken)
    {
        if (entry.Count > (ulong)maxCount)
        {
            throw new GeoTiffFormatException($"{entry.Name} declares {entry.Count} values; at most {maxCount} are accepted.");
        }

        long length = entry.ByteLength;
        if (entry.IsInline)
        {
            InlineBytes inline = entry.InlineValue;
            return ((ReadOnlySpan<byte>)inline)[..(int)length].ToArray();
        }

        if (entry.ValueOffset > (ulong)_source.Length || length > _source.Length - (long)entry.ValueOffset)
        {
            throw new GeoTiffFormatException(
                $"The {length} bytes of {entry.Name} at offset {entry.ValueOffset} run past the end of the file ({_source.Length} bytes).");
        }

        var buffer = new byte[length];
        await _source.ReadExactlyAsync((long)entry.ValueOffset, buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? double.NaN : numerator / denominator;

    private static bool IsInteger(TiffFieldType t) => t is TiffFieldType.Byte or TiffFieldType.SByte or TiffFieldType.Undefined
        or TiffFieldType.Short or TiffFieldType.SShort or TiffFieldType.Long or TiffFieldType.SLong or TiffFieldType.Ifd
        or TiffFieldType.Long8 or TiffFieldType.SLong8 or TiffFieldType.Ifd8;
}

using SegmentS2.GeoTiff.Constants;

namespace SegmentS2.GeoTiff.GeoKeys;

/// <summary>
/// The GeoKeyDirectory tag (34735): a header of four SHORTs, then one (key, location, count, value)
/// quadruple per key. Only keys stored in the directory itself (location 0, a SHORT value) are kept:
/// every key the reader interprets is of that kind.
/// </summary>
internal sealed class GeoKeyDirectory
{
    private readonly Dictionary<ushort, ushort> _shortKeys;

    private GeoKeyDirectory(Dictionary<ushort, ushort> shortKeys) => _shortKeys = shortKeys;

    /// <summary>A directory with no keys.</summary>
    public static GeoKeyDirectory Empty { get; } = new([]);

    /// <summary>
    /// Parses the directory's SHORT values. A header that declares more keys than the array holds is
    /// truncated to the keys present, which is what libgeotiff does with such files.
    /// </summary>
    public static GeoKeyDirectory Parse(ReadOnlySpan<ulong> values)
    {
        if (values.Length < 4)
        {
            return Empty;
        }

        int declared = (int)Math.Min(values[3], (ulong)((values.Length - 4) / 4));
        var keys = new Dictionary<ushort, ushort>(declared);
        for (int i = 0; i < declared; i++)
        {
            ReadOnlySpan<ulong> k = values.Slice(4 + 4 * i, 4);
            if (k[1] == 0 && k[0] <= ushort.MaxValue && k[3] <= ushort.MaxValue)
            {
                keys.TryAdd((ushort)k[0], (ushort)k[3]);
            }
        }

        return new GeoKeyDirectory(keys);
    }

    /// <summary>The SHORT value of a key stored in the directory.</summary>
    public bool TryGet(GeoKey key, out ushort value) => _shortKeys.TryGetValue((ushort)key, out value);
}

using SegmentS2.GeoTiff.Constants;
using SegmentS2.Projection;

namespace SegmentS2.GeoTiff.GeoKeys;

/// <summary>
/// The GeoKeyDirectory tag (34735): a header of four SHORTs, then one (key, location, count, value)
/// quadruple per key. Only keys stored in the directory itself (location 0, a SHORT value) are kept:
/// every key the reader interprets is of that kind. <see cref="ForEpsg"/> builds the directory the
/// writer stores for an EPSG CRS.
/// </summary>
internal sealed class GeoKeyDirectory
{
    private const ushort ModelTypeProjected = 1;
    private const ushort ModelTypeGeographic = 2;
    private const ushort RasterPixelIsArea = 1;
    private const ushort AngularUnitDegree = 9102;
    private const ushort LinearUnitMetre = 9001;

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

    /// <summary>The directory's SHORT values for an EPSG code.</summary>
    /// <exception cref="UnsupportedCrsException">The code is not one CrsRegistry knows.</exception>
    public static ushort[] ForEpsg(int epsg)
    {
        if (!CrsRegistry.IsSupported(epsg))
        {
            throw new UnsupportedCrsException(epsg);
        }

        // 900913 is the unofficial alias of Web Mercator; files carry the real code.
        int code = epsg == 900913 ? CrsRegistry.WebMercator : epsg;
        (GeoKey Key, ushort Value)[] keys = code == CrsRegistry.Wgs84
            ?
            [
                (GeoKey.GTModelType, ModelTypeGeographic),
                (GeoKey.GTRasterType, RasterPixelIsArea),
                (GeoKey.GeographicType, (ushort)code),
                (GeoKey.GeogAngularUnits, AngularUnitDegree),
            ]
            :
            [
                (GeoKey.GTModelType, ModelTypeProjected),
                (GeoKey.GTRasterType, RasterPixelIsArea),
                (GeoKey.ProjectedCSType, (ushort)code),
                (GeoKey.ProjLinearUnits, LinearUnitMetre),
            ];

        // Header: KeyDirectoryVersion 1, KeyRevision 1.0, number of keys; then (id, location 0 = inline, count 1, value).
        var values = new ushort[4 + 4 * keys.Length];
        values[0] = 1;
        values[1] = 1;
        values[2] = 0;
        values[3] = (ushort)keys.Length;
        for (int i = 0; i < keys.Length; i++)
        {
            values[4 + 4 * i] = (ushort)keys[i].Key;
            values[5 + 4 * i] = 0;
            values[6 + 4 * i] = 1;
            values[7 + 4 * i] = keys[i].Value;
        }

        return values;
    }
}

using SegmentS2.Projection;

namespace SegmentS2.GeoTiff.Writing.Tiff;

/// <summary>
/// Builds the GeoKeyDirectory (tag 34735) for an EPSG CRS: GTModelType, GTRasterType = PixelIsArea,
/// and ProjectedCSType or GeographicType with its units, as GDAL writes them for EPSG codes.
/// </summary>
internal static class GeoKeyDirectory
{
    private const ushort GTModelTypeGeoKey = 1024;
    private const ushort GTRasterTypeGeoKey = 1025;
    private const ushort GeographicTypeGeoKey = 2048;
    private const ushort GeogAngularUnitsGeoKey = 2054;
    private const ushort ProjectedCSTypeGeoKey = 3072;
    private const ushort ProjLinearUnitsGeoKey = 3076;

    private const ushort ModelTypeProjected = 1;
    private const ushort ModelTypeGeographic = 2;
    private const ushort RasterPixelIsArea = 1;
    private const ushort AngularUnitDegree = 9102;
    private const ushort LinearUnitMetre = 9001;

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
        (ushort Key, ushort Value)[] keys = code == CrsRegistry.Wgs84
            ?
            [
                (GTModelTypeGeoKey, ModelTypeGeographic),
                (GTRasterTypeGeoKey, RasterPixelIsArea),
                (GeographicTypeGeoKey, (ushort)code),
                (GeogAngularUnitsGeoKey, AngularUnitDegree),
            ]
            :
            [
                (GTModelTypeGeoKey, ModelTypeProjected),
                (GTRasterTypeGeoKey, RasterPixelIsArea),
                (ProjectedCSTypeGeoKey, (ushort)code),
                (ProjLinearUnitsGeoKey, LinearUnitMetre),
            ];

        // Header: KeyDirectoryVersion 1, KeyRevision 1.0, number of keys; then (id, location 0 = inline, count 1, value).
        var values = new ushort[4 + 4 * keys.Length];
        values[0] = 1;
        values[1] = 1;
        values[2] = 0;
        values[3] = (ushort)keys.Length;
        for (int i = 0; i < keys.Length; i++)
        {
            values[4 + 4 * i] = keys[i].Key;
            values[5 + 4 * i] = 0;
            values[6 + 4 * i] = 1;
            values[7 + 4 * i] = keys[i].Value;
        }

        return values;
    }
}

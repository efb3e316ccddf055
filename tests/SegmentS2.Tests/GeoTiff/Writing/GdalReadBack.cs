using SegmentS2.Tests.TestSupport;
using System.Text.Json;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>
/// What GDAL (the independent oracle, via /usr/bin/python3 and osgeo.gdal) sees in a file: size,
/// type, CRS, geotransform, nodata, descriptions, metadata, SHA-256 of every band's pixels as
/// ReadAsArray returns them, overview sizes and their distance from a numpy computation of the
/// documented 2 x 2 rule, and GDAL's COG validator's verdict.
/// </summary>
internal sealed class GdalReadBack
{
    private const string Script = """
        import sys, json, hashlib
        import numpy as np
        from osgeo import gdal
        gdal.UseExceptions()
        path, resampling = sys.argv[1], sys.argv[2]
        ds = gdal.Open(path)
        info = gdal.Info(ds, format='json')
        srs = ds.GetSpatialRef()
        epsg = None
        if srs is not None:
            code = srs.GetAuthorityCode(None)
            epsg = int(code) if code else None
        b1 = ds.GetRasterBand(1)

        def nodata_text(v):
            if v is None: return None
            return 'nan' if v != v else repr(float(v))

        def half(a, mode, nodata):
            h, w = a.shape
            H, W = (h + 1) // 2, (w + 1) // 2
            if mode == 'nearest':
                return a[0::2, 0::2]
            f = np.full((2 * H, 2 * W), np.nan)
            f[:h, :w] = a.astype(np.float64)
            valid = ~np.isnan(f)
            if nodata is not None and nodata == nodata:
                valid &= f != nodata
            s = np.where(valid, f, 0).reshape(H, 2, W, 2).sum(axis=(1, 3))
            n = valid.reshape(H, 2, W, 2).sum(axis=(1, 3))
            with np.errstate(invalid='ignore', divide='ignore'):
                m = s / n
            if np.issubdtype(a.dtype, np.integer):
                m = np.sign(m) * np.floor(np.abs(m) + 0.5)
            m = np.where(n == 0, np.nan if nodata is None else nodata, m)
            return m.astype(a.dtype)

        bands, overview_diffs = [], []
        for i in range(1, ds.RasterCount + 1):
            b = ds.GetRasterBand(i)
            a = b.ReadAsArray()
            bands.append({
                'sha256': hashlib.sha256(np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes()).hexdigest(),
                'description': b.GetDescription(),
                'noData': nodata_text(b.GetNoDataValue()),
                'dataType': gdal.GetDataTypeName(b.DataType),
                'block': b.GetBlockSize(),
                'metadata': b.GetMetadata(),
                'scale': b.GetScale(), 'offset': b.GetOffset(),
            })
            expected = a
            diffs = []
            for o in range(b.GetOverviewCount()):
                expected = half(expected, resampling, b.GetNoDataValue())
                got = b.GetOverview(o).ReadAsArray()
                if got.shape != expected.shape:
                    diffs.append(-1.0); continue
                e, g = expected.astype(np.float64), got.astype(np.float64)
                both_nan = np.isnan(e) & np.isnan(g)
                d = np.where(both_nan, 0, np.abs(e - g))
                diffs.append(float(np.nanmax(np.where(np.isnan(d), np.inf, d))) if d.size else 0.0)
            overview_diffs.append(diffs)

        cog_errors = None
        try:
            from osgeo_utils.samples.validate_cloud_optimized_geotiff import validate
            cog_errors = validate(path, full_check=True)[0]
        except ImportError:
            pass

        print(json.dumps({
            'width': ds.RasterXSize, 'height': ds.RasterYSize, 'bandCount': ds.RasterCount,
            'epsg': epsg, 'geoTransform': list(ds.GetGeoTransform(can_return_null=True) or []),
            'metadata': ds.GetMetadata(), 'imageStructure': ds.GetMetadata('IMAGE_STRUCTURE'),
            'overviews': [[b1.GetOverview(o).XSize, b1.GetOverview(o).YSize] for o in range(b1.GetOverviewCount())],
            'overviewMaxDiff': overview_diffs, 'bands': bands, 'cogErrors': cog_errors,
            'gdalinfoCrsWkt': info.get('coordinateSystem', {}).get('wkt'),
        }))
        """;

    private static readonly Lazy<string> ScriptPath = PythonOracle.ScriptFile("gdal-read-back", Script);

    private GdalReadBack(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public int Width => Root.GetProperty("width").GetInt32();

    public int Height => Root.GetProperty("height").GetInt32();

    public int BandCount => Root.GetProperty("bandCount").GetInt32();

    public int? Epsg => Root.GetProperty("epsg").ValueKind == JsonValueKind.Null ? null : Root.GetProperty("epsg").GetInt32();

    public double[] GeoTransform => Root.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public IReadOnlyDictionary<string, string> Metadata => Strings(Root.GetProperty("metadata"));

    public IReadOnlyDictionary<string, string> ImageStructure => Strings(Root.GetProperty("imageStructure"));

    public JsonElement Band(int index) => Root.GetProperty("bands")[index];

    public string BandSha256(int index) => Band(index).GetProperty("sha256").GetString()!;

    public string DataType => Band(0).GetProperty("dataType").GetString()!;

    public string? NoData => Band(0).GetProperty("noData").GetString();

    public int[][] Overviews => Root.GetProperty("overviews").EnumerateArray().Select(o => o.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();

    public double[] OverviewMaxDiff(int band) => Root.GetProperty("overviewMaxDiff")[band].EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public string[] CogErrors => Root.GetProperty("cogErrors").EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static IReadOnlyDictionary<string, string> Strings(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    /// <summary>Opens <paramref name="path"/> with GDAL; overviews are checked against the given rule ("average" or "nearest").</summary>
    public static GdalReadBack Read(string path, string resampling = "average")
    {
        string stdout = PythonOracle.RunFile(ScriptPath.Value, [path, resampling]);
        return new GdalReadBack(JsonDocument.Parse(stdout).RootElement.Clone());
    }
}

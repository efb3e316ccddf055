using SegmentS2.Tests.TestSupport;
using System.Text.Json;

namespace SegmentS2.Tests.GeoTiff.Http;

/// <summary>
/// Where GDAL (the oracle) says a GeoTIFF's tiles are: offset and byte count of every full-resolution
/// tile of band 1, and where the first tile of any level or band starts (everything before it is
/// header: TIFF header, GDAL ghost area, IFDs and their arrays).
/// </summary>
internal sealed record GdalTileIndex(int Width, int Height, int BlockWidth, int BlockHeight, long HeaderBytes, Dictionary<(int X, int Y), (long Offset, long Size)> Tiles)
{
    private const string Script = """
        import sys, json
        from osgeo import gdal
        gdal.UseExceptions()
        ds = gdal.Open(sys.argv[1])
        def blocks(b):
            bw, bh = b.GetBlockSize()
            for y in range((b.YSize + bh - 1) // bh):
                for x in range((b.XSize + bw - 1) // bw):
                    yield x, y, int(b.GetMetadataItem('BLOCK_OFFSET_%d_%d' % (x, y), 'TIFF') or 0), int(b.GetMetadataItem('BLOCK_SIZE_%d_%d' % (x, y), 'TIFF') or 0)
        first = None
        for i in range(1, ds.RasterCount + 1):
            band = ds.GetRasterBand(i)
            for b in [band] + [band.GetOverview(o) for o in range(band.GetOverviewCount())]:
                for _, _, off, _ in blocks(b):
                    if off and (first is None or off < first): first = off
        b1 = ds.GetRasterBand(1)
        print(json.dumps({'width': ds.RasterXSize, 'height': ds.RasterYSize, 'block': b1.GetBlockSize(), 'first': first,
                          'leader': 4 if 'BLOCK_LEADER=SIZE_AS_UINT4' in open(sys.argv[1], 'rb').read(300).decode('latin1') else 0,
                          'tiles': [[x, y, off, size] for x, y, off, size in blocks(b1)]}))
        """;

    private static readonly Lazy<string> ScriptPath = PythonOracle.ScriptFile("tile-index", Script);

    public static GdalTileIndex Read(string path)
    {
        string stdout = PythonOracle.RunFile(ScriptPath.Value, [path]);
        var root = JsonDocument.Parse(stdout).RootElement;
        var tiles = root.GetProperty("tiles").EnumerateArray()
            .ToDictionary(t => (t[0].GetInt32(), t[1].GetInt32()), t => (t[2].GetInt64(), t[3].GetInt64()));
        return new GdalTileIndex(
            root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(),
            root.GetProperty("block")[0].GetInt32(), root.GetProperty("block")[1].GetInt32(),
            root.GetProperty("first").GetInt64() - root.GetProperty("leader").GetInt64(), tiles);
    }

    /// <summary>The tiles a pixel window intersects.</summary>
    public IEnumerable<(long Offset, long Size)> TilesOf(int col, int row, int width, int height)
    {
        for (int y = row / BlockHeight; y <= (row + height - 1) / BlockHeight; y++)
        {
            for (int x = col / BlockWidth; x <= (col + width - 1) / BlockWidth; x++)
            {
                yield return Tiles[(x, y)];
            }
        }
    }
}

using System.Text.Json;
using SegmentS2.Raster;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Output;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Testing.Server;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Sentinel2.PlanetaryComputer;

/// <summary>Search -> read -> save over the loopback server, against the synthetic pattern and GDAL.</summary>
public sealed class PlanetaryComputerReadTests(SyntheticScenesFixture scenes, ITestOutputHelper log) : IClassFixture<SyntheticScenesFixture>, IAsyncLifetime
{
    private const double X0 = SyntheticScenesFixture.X0, Y0 = SyntheticScenesFixture.Y0;
    private static readonly string[] ReadBands = ["R", "B05", "B01", "SCL"];
    private static readonly string[] ReadBandIds = ["B04", "B05", "B01", "SCL"];
    private LoopbackS2Server _server = null!;
    private readonly string _output = Directory.CreateTempSubdirectory("s2-out-").FullName;

    public async Task InitializeAsync()
    {
        _server = await LoopbackS2Server.StartAsync();
        _server.AddScene(scenes.NewPair);
        _server.AddScene(scenes.Old);
        _server.AddScene(scenes.CrossZone);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_output, recursive: true);
    }

    private PlanetaryComputerSource Source(TimeSpan? attemptTimeout = null) => new(ServerScenes.Client(attemptTimeout), _server.CreatePlanetaryComputerOptions());

    // Inside 31UDQ only (x 301005..303005), away from 31UEQ (x >= 305000); edges mid-pixel.
    private static NetTopologySuite.Geometries.Polygon RoiInA => ServerScenes.RoiAround(32631, X0 + 1005, Y0 - 3005, X0 + 3005, Y0 - 1205);

    private static S2SearchRequest Search(NetTopologySuite.Geometries.Geometry roi, int year = 2023) =>
        new(roi, new DateTimeOffset(year, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(year, 6, 30, 0, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(2023, -0.1)] // baseline 05.09
    [InlineData(2021, 0.0)] // baseline 03.01
    public async Task Search_read_save_reproduces_the_generated_pixels_with_the_right_offset(int year, double offset)
    {
        using var source = Source();
        var scene = Assert.Single(await source.SearchAsync(Search(RoiInA, year)));
        var synthetic = year == 2023 ? scenes.NewPair : scenes.Old;
        Assert.Equal("31UDQ", Assert.Single(scene.MgrsTiles));
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(RoiInA, ReadBands));
        Assert.All(raster.Bands.Take(3), b => Assert.Equal((1e-4, offset), (b.Scale, b.Offset)));
        Assert.Equal((1.0, 0.0), (raster.Bands[3].Scale, raster.Bands[3].Offset));
        var window = S2RoiWindow.Of(raster, RoiInA);
        Assert.Equal(new PixelWindow(100, 120, 201, 181), window);

        var data = new float[window.PixelCount * 4];
        await raster.ReadAsync(window, data);
        var expected = SyntheticExpectation.Window(synthetic.Tiles, ReadBandIds, raster.Epsg, raster.GeoTransform, window);
        Assert.Equal(expected, data);

        var dnPath = Path.Combine(_output, $"dn-{year}.tif");
        var reflectancePath = Path.Combine(_output, $"refl-{year}.tif");
        await S2RasterWriter.WriteAsync(raster, window, dnPath);
        await S2RasterWriter.WriteAsync(raster, window, reflectancePath, S2RasterFormat.Reflectance);

        // GDAL reads both files back: same pixels, georeferencing, descriptions, nodata, scale/offset.
        using var gdal = GdalOracle.Run("""
import sys, json
from osgeo import gdal
gdal.UseExceptions()
out = {}
for name in sys.argv[1:]:
    ds = gdal.Open(name)
    bands = [ds.GetRasterBand(i + 1) for i in range(ds.RasterCount)]
    out[name] = {
        "gt": list(ds.GetGeoTransform()), "epsg": int(ds.GetSpatialRef().GetAuthorityCode(None)), "size": [ds.RasterXSize, ds.RasterYSize],
        "type": gdal.GetDataTypeName(bands[0].DataType), "desc": [b.GetDescription() for b in bands], "nodata": [str(b.GetNoDataValue()) for b in bands],
        "scale": [b.GetScale() for b in bands], "offset": [b.GetOffset() for b in bands],
        "values": [[None if v != v else float(v) for v in b.ReadAsArray().ravel()] for b in bands]}
print(json.dumps(out))
""", dnPath, reflectancePath);
        var dn = gdal.RootElement.GetProperty(dnPath);
        var refl = gdal.RootElement.GetProperty(reflectancePath);
        var t = raster.GeoTransform.ForWindow(window);
        Assert.Equal(new[] { t.X0, t.Dx, 0, t.Y0, 0, t.Dy }, dn.GetProperty("gt").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(32631, dn.GetProperty("epsg").GetInt32());
        Assert.Equal("UInt16", dn.GetProperty("type").GetString());
        Assert.Equal("Float32", refl.GetProperty("type").GetString());
        Assert.Equal(ReadBandIds, dn.GetProperty("desc").EnumerateArray().Select(v => v.GetString()!));
        Assert.All(dn.GetProperty("nodata").EnumerateArray(), v => Assert.Equal("0.0", v.GetString()));
        Assert.All(refl.GetProperty("nodata").EnumerateArray(), v => Assert.Equal("nan", v.GetString()));
        Assert.Equal(1e-4, dn.GetProperty("scale")[0].GetDouble(), 12);
        Assert.Equal(offset, dn.GetProperty("offset")[0].GetDouble(), 12);
        for (int b = 0; b < 4; b++)
        {
            var dnValues = dn.GetProperty("values")[b].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var reflValues = refl.GetProperty("values")[b].EnumerateArray().ToArray();
            for (int i = 0; i < dnValues.Length; i++)
            {
                double e = expected[b * window.PixelCount + i];
                Assert.Equal(e, dnValues[i]);
                if (e == 0)
                {
                    Assert.Equal(JsonValueKind.Null, reflValues[i].ValueKind);
                }
                else
                {
                    Assert.Equal(b == 3 ? e : e * 1e-4 + offset, reflValues[i].GetDouble(), 5);
                }
            }
        }
    }

    [Fact]
    public async Task Roi_read_fetches_little_more_than_the_headers_and_the_tiles_it_needs()
    {
        using var source = Source();
        var scene = Assert.Single(await source.SearchAsync(Search(RoiInA)));
        _server.Counters.Reset();
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(RoiInA, ReadBands));
        var window = S2RoiWindow.Of(raster, RoiInA);
        await raster.ReadAsync(window, new float[window.PixelCount * 4]);
        long served = _server.Counters.Bytes(ServerRoute.Blob);

        // Independent budget from GDAL: per file, the bytes before its first tile (header and IFDs)
        // plus the compressed bytes of the full-resolution tiles the window needs at native resolution.
        var tile = scenes.NewPair.Tiles[0];
        var args = new List<string>();
        foreach (var band in ReadBandIds)
        {
            var file = tile.Bands[band];
            var (u0, v0) = file.Transform.MapToPixel(raster.GeoTransform.ForWindow(window).X0, raster.GeoTransform.ForWindow(window).Y0);
            double f = file.Transform.Dx / raster.GeoTransform.Dx;
            args.AddRange([file.Path, ((int)Math.Floor(u0)).ToString(), ((int)Math.Floor(v0)).ToString(),
                ((int)Math.Ceiling(u0 + window.Width / f)).ToString(), ((int)Math.Ceiling(v0 + window.Height / f)).ToString()]);
        }

        using var budget = GdalOracle.Run("""
import sys, json
from osgeo import gdal
gdal.UseExceptions()
a = sys.argv[1:]
total = 0
for i in range(0, len(a), 5):
    path, c0, r0, c1, r1 = a[i], int(a[i+1]), int(a[i+2]), int(a[i+3]), int(a[i+4])
    ds = gdal.Open(path)
    b = ds.GetRasterBand(1)
    bw, bh = b.GetBlockSize()
    def offsets(band):
        w, h = band.GetBlockSize()
        nx, ny = (band.XSize + w - 1) // w, (band.YSize + h - 1) // h
        return [int(band.GetMetadataItem(f'BLOCK_OFFSET_{x}_{y}', 'TIFF')) for x in range(nx) for y in range(ny)]
    first = min(offsets(b) + [o for k in range(b.GetOverviewCount()) for o in offsets(b.GetOverview(k))])
    tiles = sum(int(b.GetMetadataItem(f'BLOCK_SIZE_{x}_{y}', 'TIFF')) for x in range(c0 // bw, (c1 - 1) // bw + 1) for y in range(r0 // bh, (r1 - 1) // bh + 1))
    total += first + tiles
print(json.dumps({"budget": total}))
""", [.. args]);
        long allowed = budget.RootElement.GetProperty("budget").GetInt64();
        log.WriteLine($"served {served} bytes in {_server.Counters.Requests(ServerRoute.Blob)} requests; headers + needed tiles = {allowed}; ratio {(double)served / allowed:0.000}");
        Assert.True(served <= 1.25 * allowed, $"served {served} bytes; headers + needed tiles = {allowed}");
        Assert.True(served >= allowed * 0.5, $"served {served} bytes, implausibly few for {allowed}");
    }

    [Fact]
    public async Task Token_expired_mid_scene_is_refreshed_and_reading_goes_on()
    {
        using var source = Source();
        var scene = Assert.Single(await source.SearchAsync(Search(RoiInA)));
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(RoiInA, ["B04"]));
        var first = new PixelWindow(0, 0, 64, 64);
        await raster.ReadAsync(first, new float[first.PixelCount]);
        int issued = _server.TokensIssued;

        _server.ExpireAllTokens();
        var second = new PixelWindow(300, 300, 200, 200);
        var data = new float[second.PixelCount];
        await raster.ReadAsync(second, data);

        Assert.Equal(issued + 1, _server.TokensIssued);
        Assert.Equal(SyntheticExpectation.Window(scenes.NewPair.Tiles, ["B04"], raster.Epsg, raster.GeoTransform, second), data);
    }

    [Theory]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.TooManyRequests)]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.TruncatedBody)]
    [InlineData(FaultKind.WrongContentLength)]
    [InlineData(FaultKind.Stall)]
    public async Task Blob_faults_are_retried_and_the_pixels_are_exact(FaultKind kind)
    {
        using var source = Source(TimeSpan.FromSeconds(1));
        var scene = Assert.Single(await source.SearchAsync(Search(RoiInA)));
        _server.Faults.Add(new FaultRule(ServerRoute.Blob, kind) { Times = 2, RetryAfter = TimeSpan.FromMilliseconds(200), StallFor = TimeSpan.FromSeconds(10) });
        _server.Faults.Add(new FaultRule(ServerRoute.Blob, kind) { AfterRequests = 3, Times = 1, RetryAfter = TimeSpan.FromMilliseconds(200), StallFor = TimeSpan.FromSeconds(10) });
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(RoiInA, ["B04", "B05"]));
        var window = S2RoiWindow.Of(raster, RoiInA);
        var data = new float[window.PixelCount * 2];
        await raster.ReadAsync(window, data);

        Assert.Equal(3, _server.Faults.Injected);
        Assert.Equal(SyntheticExpectation.Window(scenes.NewPair.Tiles, ["B04", "B05"], raster.Epsg, raster.GeoTransform, window), data);
    }

    [Fact]
    public async Task Missing_blob_is_reported_at_once()
    {
        using var source = Source();
        var scene = Assert.Single(await source.SearchAsync(Search(RoiInA)));
        _server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.NotFound) { PathContains = "_B05_", Times = 100 });
        _server.Counters.Reset();

        var ex = await Assert.ThrowsAnyAsync<SegmentS2Exception>(() => source.OpenAsync(scene, new S2ReadRequest(RoiInA, ["B04", "B05"])));

        var b05 = _server.Counters.Paths.Where(p => p.Key.Contains("_B05_", StringComparison.Ordinal)).ToList();
        Assert.Equal(1, Assert.Single(b05).Value.Requests);
        Assert.Contains("404", ex.Message);
        Assert.DoesNotContain("sig=", ex.Message);
    }

    [Fact]
    public async Task Failure_mid_read_is_a_typed_error_without_the_token()
    {
        using var source = Source();
        var scene = Assert.Single(await source.SearchAsync(Search(RoiInA)));
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(RoiInA, ["B04"]));
        _server.Faults.Add(new FaultRule(ServerRoute.Blob, FaultKind.NotFound) { Times = 100 });

        var ex = await Assert.ThrowsAsync<S2ReadException>(async () => await raster.ReadAsync(new PixelWindow(0, 0, 64, 64), new float[64 * 64]));

        Assert.Contains(scene.Id, ex.Message);
        Assert.Contains("404", ex.Message);
        Assert.DoesNotContain("sig=", ex.ToString());
    }

    [Fact]
    public async Task Two_tiles_mosaic_without_a_seam()
    {
        // 301500..308500 spans 31UDQ (to 306000, nodata border from 305880) and 31UEQ (from 305000).
        var roi = ServerScenes.RoiAround(32631, X0 + 1500, Y0 - 3000, X0 + 8500, Y0 - 2000);
        using var source = Source();
        var scene = Assert.Single(await source.SearchAsync(Search(roi)));
        Assert.Equal(["31UDQ", "31UEQ"], scene.MgrsTiles.Order());
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(roi, ["B04", "B05"]));
        var window = S2RoiWindow.Of(raster, roi);
        var data = new float[window.PixelCount * 2];
        await raster.ReadAsync(window, data);

        var a = scenes.NewPair.Tiles[0];
        var b = scenes.NewPair.Tiles[1];
        int seamCol = (int)Math.Round((X0 + 6000 - 120 - raster.GeoTransform.X0) / 10) - window.Col; // first nodata column of A
        for (int band = 0; band < 2; band++)
        {
            string id = band == 0 ? "B04" : "B05";
            for (int r = 0; r < window.Height; r++)
            {
                for (int c = 0; c < window.Width; c++)
                {
                    float value = data[band * window.PixelCount + r * window.Width + c];
                    Assert.NotEqual(0f, value); // no gap anywhere
                    // Left of A's nodata border the pixels are A's, from it on B's.
                    var owner = c < seamCol ? a : b;
                    Assert.Equal(SyntheticExpectation.Value([owner], id, raster.Epsg, raster.GeoTransform, window.Col + c, window.Row + r), value);
                }
            }
        }
    }

    [Fact]
    public async Task Neighbouring_zone_tile_is_reprojected_into_the_roi_zone()
    {
        var a = scenes.CrossZone.Tiles[0];
        var roi = ServerScenes.RoiAround(32631, a.Transform.X0 + 1000, a.Transform.Y0 - 5000, a.Transform.X0 + 5990, a.Transform.Y0 - 1000);
        using var source = Source();
        var scene = Assert.Single(await source.SearchAsync(new S2SearchRequest(roi, new DateTimeOffset(2023, 7, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 7, 2, 0, 0, 0, TimeSpan.Zero))));
        Assert.Equal(2, scene.Items.Count);
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(roi, ["B04"]));
        Assert.Equal(32631, raster.Epsg);
        var window = new PixelWindow(0, 0, raster.Width, raster.Height);
        var data = new float[window.PixelCount];
        await raster.ReadAsync(window, data);

        var expected = SyntheticExpectation.Window(scenes.CrossZone.Tiles, ["B04"], raster.Epsg, raster.GeoTransform, window);
        int fromZone32 = 0, equal = 0;
        for (int i = 0; i < data.Length; i++)
        {
            equal += data[i] == expected[i] ? 1 : 0;
            fromZone32 += expected[i] != 0 && SyntheticExpectation.Value([a], "B04", raster.Epsg, raster.GeoTransform, i % window.Width, i / window.Width) == 0 ? 1 : 0;
        }

        log.WriteLine($"{data.Length - equal} of {data.Length} pixels differ; {fromZone32} from the zone 32 tile");
        Assert.True(fromZone32 > 10000, $"only {fromZone32} pixels come from the zone 32 tile");
        Assert.True(equal >= data.Length * 0.999, $"{data.Length - equal} of {data.Length} pixels differ from the exact reprojection");
    }
}

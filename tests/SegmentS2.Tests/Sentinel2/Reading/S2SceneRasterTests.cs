using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Raster;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Tests.Sentinel2.Reading;

public class S2SceneRasterTests
{
    private const int Zone31 = 32631, Zone32 = 32632;
    private static readonly GeometryFactory F = new();

    // Tile A: 120 x 120 at 10 m from (300000, 5000000); its 10 easternmost columns are nodata.
    private static ushort A(int c, int r) => c >= 110 ? (ushort)0 : (ushort)(1001 + c + 200 * r);

    // Tile B: same zone, 1000 m east of A, overlapping A's last 20 columns.
    private static ushort B(int c, int r) => (ushort)(40000 + c + 200 * r);

    // 20 m band of A: 60 x 60.
    private static ushort A20(int c, int r) => (ushort)(100 + 10 * c + 500 * r);

    private static ushort Scl(int c, int r) => (ushort)((c + r) % 12);

    private static MemoryBandFile File10(string name, double x0, double y0, Func<int, int, ushort> f, int epsg = Zone31, int size = 120) =>
        new(name, epsg, new GeoTransform(x0, 10, 0, y0, 0, -10), size, size, f);

    private static MemoryBandFile File20(string name, double x0, double y0, Func<int, int, ushort> f) =>
        new(name, Zone31, new GeoTransform(x0, 20, 0, y0, 0, -20), 60, 60, f);

    private static S2Item Item(string id, params (string Band, string Href)[] bands) => new()
    {
        Id = id,
        DateTime = new DateTimeOffset(2023, 6, 15, 10, 0, 0, TimeSpan.Zero),
        ProcessingBaseline = "05.09",
        Assets = bands.ToDictionary(b => b.Band, b => new S2Asset(b.Band, b.Href, b.Band)),
    };

    /// <summary>A lon/lat box around a UTM rectangle of zone 31.</summary>
    private static Polygon RoiAround(double x0, double y0, double x1, double y1, int epsg = Zone31)
    {
        var t = CrsTransform.Create(epsg, CrsRegistry.Wgs84);
        var coords = new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) }
            .Select(p => { var (lon, lat) = t.Transform(p.Item1, p.Item2); return new Coordinate(lon, lat); }).ToArray();
        return F.CreatePolygon(coords);
    }

    private static Task<IS2SceneRaster> Open(S2Scene scene, S2ReadRequest request, MemoryAssetOpener opener, long cacheBytes = 1 << 24) =>
        S2SceneOpener.OpenAsync(scene, request, opener, new LocalFilesOptions { Paths = ["x"], TileCacheBytes = cacheBytes }, NullLogger.Instance, default);

    private static async Task<float[]> ReadAll(IS2SceneRaster raster, PixelWindow window)
    {
        var data = new float[window.PixelCount * raster.Bands.Count];
        await raster.ReadAsync(window, data);
        return data;
    }

    [Fact]
    public async Task Same_zone_tiles_mosaic_pixel_aligned_and_the_neighbour_fills_nodata()
    {
        var files = new Dictionary<string, MemoryBandFile>
        {
            ["a/B04"] = File10("a/B04", 300000, 5000000, A),
            ["b/B04"] = File10("b/B04", 301000, 5000000, B),
        };
        var scene = new S2Scene("s", DateTimeOffset.UnixEpoch, [Item("a", ("B04", "a/B04")), Item("b", ("B04", "b/B04"))]);
        await using var raster = await Open(scene, new S2ReadRequest(RoiAround(300100, 4999400, 300500, 4999900), ["R"]), new MemoryAssetOpener(files));

        Assert.Equal(Zone31, raster.Epsg);
        Assert.Equal(new GeoTransform(300000, 10, 0, 5000000, 0, -10), raster.GeoTransform);
        Assert.Equal(220, raster.Width); // union of both tiles' extents
        Assert.Equal(120, raster.Height);
        Assert.Equal(new S2BandInfo("B04", 1e-4, -0.1), Assert.Single(raster.Bands));

        var data = await ReadAll(raster, new PixelWindow(0, 0, 220, 120));
        for (int r = 0; r < 120; r++)
        {
            for (int c = 0; c < 220; c++)
            {
                float expected = c < 110 ? A(c, r) : B(c - 100, r);
                Assert.Equal(expected, data[r * 220 + c]);
            }
        }
    }

    [Fact]
    public async Task Twenty_metre_band_is_read_at_native_resolution_and_repeated_by_nearest()
    {
        var files = new Dictionary<string, MemoryBandFile>
        {
            ["a/B04"] = File10("a/B04", 300000, 5000000, A),
            ["a/B05"] = File20("a/B05", 300000, 5000000, A20),
        };
        var scene = new S2Scene("s", DateTimeOffset.UnixEpoch, [Item("a", ("B04", "a/B04"), ("B05", "a/B05"))]);
        await using var raster = await Open(scene, new S2ReadRequest(RoiAround(300100, 4999400, 300500, 4999900), ["B04", "B05"]), new MemoryAssetOpener(files), cacheBytes: 0);

        var window = new PixelWindow(13, 7, 40, 30);
        var data = await ReadAll(raster, window);

        for (int r = 0; r < window.Height; r++)
        {
            for (int c = 0; c < window.Width; c++)
            {
                int col = window.Col + c, row = window.Row + r;
                Assert.Equal(A(col, row), data[r * window.Width + c]);
                Assert.Equal(A20(col / 2, row / 2), data[window.PixelCount + r * window.Width + c]);
            }
        }

        // Only the 20 m pixels under the window were read: columns 6..26, rows 3..18.
        Assert.Equal(21 * 16 * 2, files["a/B05"].BytesRead);
    }

    [Fact]
    public async Task Bilinear_reproduces_a_linear_ramp_and_leaves_scl_nearest()
    {
        var files = new Dictionary<string, MemoryBandFile>
        {
            ["a/B04"] = File10("a/B04", 300000, 5000000, A),
            ["a/B05"] = File20("a/B05", 300000, 5000000, A20),
            ["a/SCL"] = File20("a/SCL", 300000, 5000000, Scl),
        };
        var scene = new S2Scene("s", DateTimeOffset.UnixEpoch, [Item("a", ("B04", "a/B04"), ("B05", "a/B05"), ("SCL", "a/SCL"))]);
        var request = new S2ReadRequest(RoiAround(300100, 4999400, 300500, 4999900), ["B04", "B05", "SCL"]) { Resampling = S2Resampling.Bilinear };
        await using var raster = await Open(scene, request, new MemoryAssetOpener(files));

        var window = new PixelWindow(0, 0, 120, 120);
        var data = await ReadAll(raster, window);
        for (int r = 1; r < 119; r++)
        {
            for (int c = 1; c < 119; c++)
            {
                // 10 m pixel centre k sits at 20 m pixel coordinate k/2 - 0.25 (centre-based).
                double s = c / 2.0 - 0.25, t = r / 2.0 - 0.25;
                Assert.Equal(100 + 10 * s + 500 * t, data[window.PixelCount + r * 120 + c], 2);
                Assert.Equal(Scl(c / 2, r / 2), data[2 * window.PixelCount + r * 120 + c]);
            }
        }
    }

    [Fact]
    public async Task Neighbouring_zone_tile_is_reprojected_per_pixel()
    {
        // Tile A in zone 31 next to the 9 degrees E zone edge; tile C in zone 32 overlapping it to the east.
        var to31 = CrsTransform.Create(CrsRegistry.Wgs84, Zone31);
        var to32 = CrsTransform.Create(CrsRegistry.Wgs84, Zone32);
        var (ax, ay) = to31.Transform(8.985, 45.0);
        ax = Math.Floor(ax / 10) * 10;
        ay = Math.Floor(ay / 10) * 10;
        var (cx, cy) = to32.Transform(8.995, 45.0005);
        cx = Math.Floor(cx / 10) * 10;
        cy = Math.Floor(cy / 10) * 10;
        static ushort C(int c, int r) => (ushort)(20000 + c + 150 * r);
        var fileA = File10("a/B04", ax, ay, A, Zone31);
        var fileC = File10("c/B04", cx, cy, C, Zone32);
        var files = new Dictionary<string, MemoryBandFile> { ["a/B04"] = fileA, ["c/B04"] = fileC };
        var scene = new S2Scene("s", DateTimeOffset.UnixEpoch, [Item("a", ("B04", "a/B04")), Item("c", ("B04", "c/B04"))]);
        await using var raster = await Open(scene, new S2ReadRequest(RoiAround(ax + 100, ay - 900, ax + 500, ay - 100), ["B04"]), new MemoryAssetOpener(files));

        Assert.Equal(Zone31, raster.Epsg);
        var window = new PixelWindow(0, 0, raster.Width, raster.Height);
        var data = await ReadAll(raster, window);

        // Independent answer: every pixel centre transformed exactly, nearest pixel of A (when data) else C.
        var grid31To32 = CrsTransform.Create(Zone31, Zone32);
        int total = 0, equal = 0, fromC = 0;
        for (int r = 0; r < raster.Height; r++)
        {
            for (int c = 0; c < raster.Width; c++)
            {
                var (x, y) = raster.GeoTransform.PixelToMap(c + 0.5, r + 0.5);
                var (ua, va) = fileA.GeoTransform.MapToPixel(x, y);
                float expected = 0;
                if (ua >= 0 && ua < 120 && va >= 0 && va < 120)
                {
                    expected = A((int)ua, (int)va);
                }

                if (expected == 0)
                {
                    var (x32, y32) = grid31To32.Transform(x, y);
                    var (uc, vc) = fileC.GeoTransform.MapToPixel(x32, y32);
                    if (uc >= 0 && uc < 120 && vc >= 0 && vc < 120)
                    {
                        expected = C((int)uc, (int)vc);
                        fromC++;
                    }
                }

                total++;
                equal += data[r * raster.Width + c] == expected ? 1 : 0;
            }
        }

        Assert.True(fromC > 2000, $"only {fromC} pixels come from the zone 32 tile");
        Assert.True(equal >= total * 0.999, $"{total - equal} of {total} pixels differ from the exact per-pixel reprojection");
    }

    [Fact]
    public async Task Tile_cache_serves_a_repeated_window_without_reading_the_file()
    {
        var file = File10("a/B04", 300000, 5000000, A);
        var scene = new S2Scene("s", DateTimeOffset.UnixEpoch, [Item("a", ("B04", "a/B04"))]);
        await using var raster = await Open(scene, new S2ReadRequest(RoiAround(300100, 4999400, 300500, 4999900), ["B04"]),
            new MemoryAssetOpener(new Dictionary<string, MemoryBandFile> { ["a/B04"] = file }));

        await ReadAll(raster, new PixelWindow(10, 10, 50, 50));
        int reads = file.Reads;
        long bytes = file.BytesRead;
        var again = await ReadAll(raster, new PixelWindow(20, 20, 40, 40));

        Assert.Equal(reads, file.Reads);
        Assert.Equal(bytes, file.BytesRead);
        Assert.Equal(A(20, 20), again[0]);
    }

    [Fact]
    public async Task Missing_band_is_reported_before_any_file_is_opened()
    {
        var opener = new MemoryAssetOpener(new Dictionary<string, MemoryBandFile>());
        var scene = new S2Scene("s", DateTimeOffset.UnixEpoch, [Item("tile-a", ("B04", "a/B04"))]);
        var ex = await Assert.ThrowsAsync<MissingBandException>(() => Open(scene, new S2ReadRequest(RoiAround(300100, 4999400, 300500, 4999900), ["B04", "B8A"]), opener));
        Assert.Contains("tile-a", ex.Message);
        Assert.Contains("B8A", ex.Message);
        Assert.Empty(opener.Opened);
    }

    [Fact]
    public async Task Windows_outside_the_grid_and_short_buffers_are_refused()
    {
        var file = File10("a/B04", 300000, 5000000, A);
        var scene = new S2Scene("s", DateTimeOffset.UnixEpoch, [Item("a", ("B04", "a/B04"))]);
        var raster = await Open(scene, new S2ReadRequest(RoiAround(300100, 4999400, 300500, 4999900), ["B04"]),
            new MemoryAssetOpener(new Dictionary<string, MemoryBandFile> { ["a/B04"] = file }));

        await Assert.ThrowsAsync<S2ReadException>(async () => await raster.ReadAsync(new PixelWindow(100, 0, 30, 10), new float[300]));
        await Assert.ThrowsAsync<S2ReadException>(async () => await raster.ReadAsync(new PixelWindow(-1, 0, 10, 10), new float[100]));
        await Assert.ThrowsAsync<S2ReadException>(async () => await raster.ReadAsync(new PixelWindow(0, 0, 10, 10), new float[99]));
        await raster.DisposeAsync();
        Assert.True(file.Disposed);
    }

    [Fact]
    public async Task Roi_window_covers_every_touched_pixel()
    {
        var file = File10("a/B04", 300000, 5000000, A);
        var scene = new S2Scene("s", DateTimeOffset.UnixEpoch, [Item("a", ("B04", "a/B04"))]);
        var roi = RoiAround(300105, 4999605, 300395, 4999895);
        await using var raster = await Open(scene, new S2ReadRequest(roi, ["B04"]),
            new MemoryAssetOpener(new Dictionary<string, MemoryBandFile> { ["a/B04"] = file }));

        // Vertices map back to x 300105..300395 (cols 10.5..39.5) and y 4999895..4999605 (rows 10.5..39.5).
        Assert.Equal(new PixelWindow(10, 10, 30, 30), S2RoiWindow.Of(raster, roi));
    }
}

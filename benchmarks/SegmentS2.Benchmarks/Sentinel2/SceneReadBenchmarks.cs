using BenchmarkDotNet.Attributes;
using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Raster;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Testing.Server;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Benchmarks.Sentinel2;

/// <summary>
/// Reading a 1024 x 1024 chip of a scene: synthetic 1200 x 1200 px (10 m) tiles, DEFLATE COGs with
/// 256-px tiles. Cold = open the scene (headers) and read; warm = read again from the tile cache
/// (the mosaic and resampling cost alone). Local files and the loopback HTTP server (range requests,
/// SAS signing, resilience pipeline) without network latency.
/// </summary>
[MemoryDiagnoser]
public class SceneReadBenchmarks
{
    private static readonly PixelWindow Chip = new(88, 88, 1024, 1024);
    private string _folder = null!;
    private LocalFilesSource _local = null!;
    private S2Scene _localScene = null!;
    private IS2SceneRaster _warm = null!;
    private IS2SceneRaster _warm20 = null!;
    private IS2SceneRaster _warmCross = null!;
    private PixelWindow _crossWindow;
    private LoopbackS2Server _server = null!;
    private HttpClient _http = null!;
    private PlanetaryComputerSource _pc = null!;
    private S2Scene _pcScene = null!;
    private Polygon _roi = null!;
    private readonly float[] _rgb = new float[3 * 1024 * 1024];
    private readonly float[] _one = new float[1024 * 1024];
    private readonly float[] _two = new float[2 * 1024 * 1024];

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Directory.CreateTempSubdirectory("s2-bench-").FullName;
        var single = await new SyntheticSceneBuilder(Path.Combine(_folder, "single")) { Bands = ["B02", "B03", "B04", "B05"], TileSize = 1200 }
            .AddTile("31UDQ", 32631, 300000, 5000040).BuildAsync();
        _roi = Roi(32631, 301000, 4994000, 309000, 4998000);
        _local = new LocalFilesSource(new LocalFilesOptions { Paths = [Path.Combine(_folder, "single")], AcquisitionTime = single.DateTime });
        _localScene = (await _local.LoadScenesAsync())[0];
        _warm = await _local.OpenAsync(_localScene, new S2ReadRequest(_roi, ["R", "G", "B"]));
        await _warm.ReadAsync(Chip, _rgb);
        _warm20 = await _local.OpenAsync(_localScene, new S2ReadRequest(_roi, ["B04", "B05"]) { Resampling = S2Resampling.Bilinear });
        await _warm20.ReadAsync(Chip, new float[2 * 1024 * 1024]);

        var (ax, ay) = CrsTransform.Create(CrsRegistry.Wgs84, 32631).Transform(8.9, 45.05);
        var (cx, cy) = CrsTransform.Create(CrsRegistry.Wgs84, 32632).Transform(8.95, 45.05);
        var cross = await new SyntheticSceneBuilder(Path.Combine(_folder, "cross")) { Bands = ["B04"], TileSize = 1200 }
            .AddTile("31TGL", 32631, Math.Floor(ax / 60) * 60, Math.Floor(ay / 60) * 60)
            .AddTile("32TLR", 32632, Math.Floor(cx / 60) * 60, Math.Floor(cy / 60) * 60)
            .BuildAsync();

        _server = await LoopbackS2Server.StartAsync();
        _server.AddScene(single);
        _server.AddScene(cross);
        _http = S2HttpResilience.CreateClient();
        _pc = new PlanetaryComputerSource(_http, _server.CreatePlanetaryComputerOptions());
        _pcScene = (await _pc.SearchAsync(new S2SearchRequest(_roi, single.DateTime.AddDays(-1), single.DateTime.AddDays(1))))[0];

        var crossRoi = Roi(32631, Math.Floor(ax / 60) * 60 + 2000, Math.Floor(ay / 60) * 60 - 6000, Math.Floor(ax / 60) * 60 + 6000, Math.Floor(ay / 60) * 60 - 2000);
        var crossScene = (await _pc.SearchAsync(new S2SearchRequest(crossRoi, cross.DateTime.AddDays(-1), cross.DateTime.AddDays(1))))[0];
        _warmCross = await _pc.OpenAsync(crossScene, new S2ReadRequest(crossRoi, ["B04"]));
        // A chip in the zone 32 tile's part of the grid: every pixel is reprojected.
        _crossWindow = new PixelWindow(_warmCross.Width - 1024, (_warmCross.Height - 1024) / 2, 1024, 1024);
        await _warmCross.ReadAsync(_crossWindow, _one);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _warm.DisposeAsync();
        await _warm20.DisposeAsync();
        await _warmCross.DisposeAsync();
        _pc.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "local: open + read 1024^2 RGB (cold)")]
    public async Task LocalCold()
    {
        await using var raster = await _local.OpenAsync(_localScene, new S2ReadRequest(_roi, ["R", "G", "B"]));
        await raster.ReadAsync(Chip, _rgb);
    }

    [Benchmark(Description = "http: open + read 1024^2 RGB (cold)")]
    public async Task HttpCold()
    {
        await using var raster = await _pc.OpenAsync(_pcScene, new S2ReadRequest(_roi, ["R", "G", "B"]));
        await raster.ReadAsync(Chip, _rgb);
    }

    [Benchmark(Baseline = true, Description = "read 1024^2 RGB (warm, aligned copy)")]
    public ValueTask WarmRgb() => _warm.ReadAsync(Chip, _rgb);

    [Benchmark(Description = "read 1024^2 B04 + B05 bilinear (warm)")]
    public ValueTask Warm20mBilinear() => _warm20.ReadAsync(Chip, _two);

    [Benchmark(Description = "read 1024^2 B04 reprojected from zone 32 (warm)")]
    public ValueTask WarmReprojected() => _warmCross.ReadAsync(_crossWindow, _one);

    private static Polygon Roi(int epsg, double x0, double y0, double x1, double y1)
    {
        var t = CrsTransform.Create(epsg, CrsRegistry.Wgs84);
        var c = new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) }.Select(p => { var (lon, lat) = t.Transform(p.Item1, p.Item2); return new Coordinate(lon, lat); }).ToArray();
        return new GeometryFactory().CreatePolygon(c);
    }
}

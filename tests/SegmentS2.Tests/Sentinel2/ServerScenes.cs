using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Raster;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Testing.Synthetic;

namespace SegmentS2.Tests.Sentinel2;

/// <summary>Scenes and clients for tests against the loopback server.</summary>
internal static class ServerScenes
{
    public static readonly DateTimeOffset Start = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Fast retries for tests.</summary>
    public static S2HttpResilienceOptions FastRetries(TimeSpan? attemptTimeout = null) => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryAfter = TimeSpan.FromSeconds(2),
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(60),
        MaxRetryAttempts = 5,
    };

    public static HttpClient Client(TimeSpan? attemptTimeout = null) => S2HttpResilience.CreateClient(FastRetries(attemptTimeout));

    /// <summary>A one-tile scene of zone 31 whose band files need not exist (search-only tests).</summary>
    public static SyntheticScene MetadataOnly(int day, string tile = "31UDQ", double cloud = 10, string baseline = "05.09", int orbit = 8)
    {
        var transform = new GeoTransform(399960, 10, 0, 5400000, 0, -10);
        var bands = new Dictionary<string, SyntheticBandFile>
        {
            ["B04"] = new("B04", "/nonexistent/B04.tif", 600, 600, transform, 0, 1),
            ["SCL"] = new("SCL", "/nonexistent/SCL.tif", 300, 300, transform with { Dx = 20, Dy = -20 }, 0, 1),
        };
        return new SyntheticScene(Start.AddDays(day).AddHours(10.5), "sentinel-2a", orbit, baseline, [new SyntheticTile(tile, 32631, transform, 600, cloud, bands)]);
    }

    /// <summary>A lon/lat polygon around a UTM rectangle.</summary>
    public static Polygon RoiAround(int epsg, double x0, double y0, double x1, double y1)
    {
        var t = CrsTransform.Create(epsg, CrsRegistry.Wgs84);
        var coords = new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) }
            .Select(p => { var (lon, lat) = t.Transform(p.Item1, p.Item2); return new Coordinate(lon, lat); }).ToArray();
        return new GeometryFactory().CreatePolygon(coords);
    }

    /// <summary>An ROI inside the metadata-only tile.</summary>
    public static Polygon TileRoi => RoiAround(32631, 401000, 5396000, 403000, 5398000);
}

using NetTopologySuite.Geometries;
using SegmentS2.Raster;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.Clouds;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Tests.Sentinel2;

namespace SegmentS2.SharedDataTests.Sentinel2.LocalFiles;

public class LocalFilesSourceTests
{
    private static readonly string Scene = SharedData.Path("s2-29RKH-20200219");
    private static readonly GeometryFactory F = new();

    // Inside tile 29RKH (its footprint spans about -11.97..-10.87 E, 24.30..25.30 N).
    private static Polygon Roi => F.CreatePolygon([new(-11.6, 24.6), new(-11.3, 24.6), new(-11.3, 24.9), new(-11.6, 24.9), new(-11.6, 24.6)]);

    private static LocalFilesSource Source() => new(new LocalFilesOptions { Paths = [Scene] });

    [Fact]
    public async Task Real_item_json_resolves_remote_hrefs_to_the_files_beside_it()
    {
        var item = Assert.Single(await Source().LoadItemsAsync());

        Assert.Equal("S2A_29RKH_20200219_0_L2A", item.Id);
        Assert.Equal("29RKH", item.MgrsTile);
        Assert.Equal(37, item.RelativeOrbit);
        Assert.Equal(Path.Combine(Scene, "B04.tif"), item.FindBand("B04")!.Href);
        Assert.Equal(Path.Combine(Scene, "B8A.tif"), item.FindBand("B8A")!.Href);
        Assert.Equal(Path.Combine(Scene, "SCL.tif"), item.FindBand("SCL")!.Href);
    }

    [Fact]
    public async Task Search_filters_by_time_and_region()
    {
        var source = Source();
        var hit = await source.SearchAsync(new S2SearchRequest(Roi, new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("S2A_29RKH_20200219_0_L2A", Assert.Single(hit).Id);

        await Assert.ThrowsAsync<NoScenesFoundException>(() => source.SearchAsync(new S2SearchRequest(Roi, new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 2, 1, 0, 0, 0, TimeSpan.Zero))));
        var elsewhere = F.CreatePolygon([new(2, 48), new(2.1, 48), new(2.1, 48.1), new(2, 48.1), new(2, 48)]);
        await Assert.ThrowsAsync<NoScenesFoundException>(() => source.SearchAsync(new S2SearchRequest(elsewhere, new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public async Task Window_equals_gdal_nearest_for_10_20_and_60_m_bands()
    {
        var source = Source();
        var scene = Assert.Single(await source.LoadScenesAsync());
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(Roi, ["R", "B05", "B01", "SCL"]));

        // The files are downsampled 10x (B04 at 100 m), so the 10 m-class grid is 100 m.
        Assert.Equal(32629, raster.Epsg);
        Assert.Equal(new GeoTransform(199980, 100, 0, 2800020, 0, -100), raster.GeoTransform);
        Assert.Equal((1098, 1098), (raster.Width, raster.Height));
        Assert.Equal(new S2BandInfo("B04", 1e-4, 0), raster.Bands[0]); // baseline 02.14: no offset
        var window = new PixelWindow(301, 417, 97, 61);
        var data = new float[window.PixelCount * 4];
        await raster.ReadAsync(window, data);

        var t = raster.GeoTransform.ForWindow(window);
        var expected = GdalOracle.WarpNearest(
            new[] { "B04.tif", "B05.tif", "B01.tif", "SCL.tif" }.Select(f => Path.Combine(Scene, f)).ToArray(),
            t.X0, t.Y0 - window.Height * 100, t.X0 + window.Width * 100, t.Y0, 100);
        for (int b = 0; b < 4; b++)
        {
            Assert.Equal(expected[b], data.AsSpan((int)(b * window.PixelCount), (int)window.PixelCount).ToArray());
        }

        Assert.True(raster.BytesRead > 0);
    }

    [Fact]
    public async Task Cloud_fraction_over_the_roi_comes_from_scl()
    {
        var source = Source();
        var scene = Assert.Single(await source.LoadScenesAsync());
        var cloudy = F.CreatePolygon([new(-11.3, 24.85), new(-10.95, 24.85), new(-10.95, 25.25), new(-11.3, 25.25), new(-11.3, 24.85)]);
        await using var raster = await source.OpenAsync(scene, new S2ReadRequest(cloudy, ["SCL"]));
        var window = S2RoiWindow.Of(raster, cloudy);

        var stats = await S2CloudMask.MeasureAsync(raster, window);

        var t = raster.GeoTransform.ForWindow(window);
        var scl = GdalOracle.WarpNearest([Path.Combine(Scene, "SCL.tif")], t.X0, t.Y0 - window.Height * 100, t.X0 + window.Width * 100, t.Y0, 100)[0];
        Assert.Equal(scl.LongCount(v => v != 0), stats.ValidPixels);
        Assert.Equal(scl.LongCount(v => v is 3 or 8 or 9 or 10), stats.CloudyPixels);
        Assert.True(stats.CloudyPixels > 100);
    }

    [Fact]
    public async Task Folder_of_band_files_without_json_is_one_item()
    {
        var folder = Directory.CreateTempSubdirectory("s2-local-").FullName;
        try
        {
            File.Copy(Path.Combine(Scene, "B04.tif"), Path.Combine(folder, "T29RKH_20200219T112111_B04_10m.tif"));
            File.Copy(Path.Combine(Scene, "SCL.tif"), Path.Combine(folder, "SCL.tif"));
            var source = new LocalFilesSource(new LocalFilesOptions { Paths = [folder], ProcessingBaseline = "05.00" });

            var item = Assert.Single(await source.LoadItemsAsync());

            Assert.Equal(32629, item.Epsg);
            Assert.Equal(["B04", "SCL"], item.Assets.Keys.Order());
            Assert.True(item.Footprint!.Intersects(Roi));
            var scene = Assert.Single(await source.SearchAsync(new S2SearchRequest(Roi, DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow)));
            await using var raster = await source.OpenAsync(scene, new S2ReadRequest(Roi, ["B04"]));
            Assert.Equal(-0.1, raster.Bands[0].Offset);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Missing_band_names_item_and_band()
    {
        var folder = Directory.CreateTempSubdirectory("s2-local-").FullName;
        try
        {
            File.Copy(Path.Combine(Scene, "B04.tif"), Path.Combine(folder, "B04.tif"));
            var source = new LocalFilesSource(new LocalFilesOptions { Paths = [folder] });
            var scene = Assert.Single(await source.LoadScenesAsync());
            var ex = await Assert.ThrowsAsync<MissingBandException>(() => source.OpenAsync(scene, new S2ReadRequest(Roi, ["B04", "B11"])));
            Assert.Contains("B11", ex.Message);
            Assert.Contains(Path.GetFileName(folder), ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_path_and_non_stac_json_are_typed_errors()
    {
        await Assert.ThrowsAsync<S2ReadException>(() => new LocalFilesSource(new LocalFilesOptions { Paths = ["/no/such/folder"] }).LoadItemsAsync());
        var json = Path.GetTempFileName() + ".json";
        await File.WriteAllTextAsync(json, """{"hello": 1}""");
        try
        {
            var ex = await Assert.ThrowsAsync<S2ReadException>(() => new LocalFilesSource(new LocalFilesOptions { Paths = [json] }).LoadItemsAsync());
            Assert.Contains("not a STAC item", ex.Message);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void No_paths_is_refused() => Assert.Throws<InvalidOptionException>(() => new LocalFilesSource(new LocalFilesOptions()));
}

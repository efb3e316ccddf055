using NetTopologySuite.Geometries;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2;
using SegmentS2.Tests.Sentinel2.Scenes;

namespace SegmentS2.SharedDataTests.Sentinel2.Scenes;

public class S2SceneSelectorSourceTests
{
    private static readonly Polygon Roi = new GeometryFactory().CreatePolygon([new(-11.3, 24.85), new(-10.95, 24.85), new(-10.95, 25.25), new(-11.3, 25.25), new(-11.3, 24.85)]); // the cloudy north-east

    private static readonly S2SearchRequest Search = new(Roi, new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Cloud_fraction_is_measured_over_the_roi_and_the_limit_applied()
    {
        var source = new LocalFilesSource(new LocalFilesOptions { Paths = [SharedData.Path("s2-29RKH-20200219")] });
        var scenes = await source.SearchAsync(Search);

        var kept = await S2SceneSelector.SelectAsync(source, Search, scenes, new S2SceneSelection { Policy = S2ScenePolicy.LeastCloudy, MaxCloudFraction = 1 });
        var fraction = Assert.Single(kept).CloudFraction!.Value;
        Assert.InRange(fraction, 0.05, 0.5); // far above the tile's 4 %: the clouds sit in this corner

        var ex = await Assert.ThrowsAsync<NoScenesFoundException>(() =>
            S2SceneSelector.SelectAsync(source, Search, scenes, new S2SceneSelection { MaxCloudFraction = fraction * 0.99 }));
        Assert.Contains("cloud fraction", ex.Message);

        var fromMetadata = await S2SceneSelector.SelectAsync(source, Search, scenes, new S2SceneSelection { MaxCloudFraction = 1, MeasureCloudsOverRoi = false });
        Assert.Equal(0.04051854, Assert.Single(fromMetadata).CloudFraction!.Value, 8); // eo:cloud_cover 4.051854 %
    }
}

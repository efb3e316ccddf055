using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Scenes;
using SegmentS2.Sentinel2.Validation;

namespace SegmentS2.Tests.Sentinel2.Scenes;

public class S2SceneSelectorTests
{
    private static readonly DateTimeOffset T = new(2023, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static S2SceneCandidate C(string id, int day, double? cloud) =>
        new(new S2Scene(id, T.AddDays(day), []), cloud);

    private static readonly S2SceneCandidate[] Candidates = [C("a", 0, 0.30), C("b", 5, 0.05), C("c", 10, 0.60), C("d", 15, 0.05)];

    [Fact]
    public void All_keeps_every_scene_oldest_first() =>
        Assert.Equal(["a", "b", "c", "d"], S2SceneSelector.Select(Candidates.Reverse(), new S2SceneSelection()).Select(c => c.Scene.Id));

    [Fact]
    public void Newest_keeps_the_latest() =>
        Assert.Equal("d", Assert.Single(S2SceneSelector.Select(Candidates, new S2SceneSelection { Policy = S2ScenePolicy.Newest })).Scene.Id);

    [Fact]
    public void Least_cloudy_breaks_ties_by_recency() =>
        Assert.Equal("d", Assert.Single(S2SceneSelector.Select(Candidates, new S2SceneSelection { Policy = S2ScenePolicy.LeastCloudy })).Scene.Id);

    [Fact]
    public void Max_cloud_fraction_filters_before_the_policy() =>
        Assert.Equal(["a", "b", "d"], S2SceneSelector.Select(Candidates, new S2SceneSelection { MaxCloudFraction = 0.3 }).Select(c => c.Scene.Id));

    [Fact]
    public void Newest_under_a_cloud_limit() =>
        Assert.Equal("b", Assert.Single(S2SceneSelector.Select(Candidates.Take(3), new S2SceneSelection { Policy = S2ScenePolicy.Newest, MaxCloudFraction = 0.3 })).Scene.Id);

    [Fact]
    public void Cloud_fraction_limit_outside_0_1_is_refused() =>
        Assert.Throws<InvalidSearchRequestException>(() => S2SceneSelector.Select(Candidates, new S2SceneSelection { MaxCloudFraction = 30 }));
}

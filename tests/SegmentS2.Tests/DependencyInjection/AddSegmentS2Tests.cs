using Microsoft.Extensions.DependencyInjection;
using SegmentS2.Chipping;
using SegmentS2.Prompts;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.DependencyInjection;

public class AddSegmentS2Tests
{
    private static ServiceProvider Build(Action<SegmentS2Options> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Theory]
    [InlineData(S2SourceKind.PlanetaryComputer, typeof(PlanetaryComputerSource))]
    [InlineData(S2SourceKind.EarthSearch, typeof(EarthSearchSource))]
    [InlineData(S2SourceKind.LocalFiles, typeof(LocalFilesSource))]
    public void The_configured_source_is_the_registered_one(S2SourceKind kind, Type expected)
    {
        using var sp = Build(o =>
        {
            o.Source = kind;
            o.LocalFiles.Paths = [Path.GetTempPath()];
        });
        var source = sp.GetRequiredService<IS2Source>();
        Assert.IsType(expected, source);
        Assert.Same(source, sp.GetRequiredService<IS2Source>());
    }

    [Fact]
    public void Chipper_uses_the_workflow_options_and_parts_are_singletons()
    {
        using var sp = Build(o =>
        {
            o.ChipSize = 512;
            o.SpatialOverlap = 0.25;
        });
        var plan = sp.GetRequiredService<IChipper>().Plan(2000, 600, new SegmentS2.Raster.GeoTransform(0, 10, 0, 0, 0, -10), null);
        Assert.Equal(512, plan.ChipSize);
        // step = int(512 * 0.75) = 384; width 2000: n = ceil((2000 - 512) / 384) + 1 = 5
        Assert.Equal(5, plan.ColStarts.Count);
        Assert.Same(sp.GetRequiredService<IPromptEncoder>(), sp.GetRequiredService<IPromptEncoder>());
    }

    [Fact]
    public void Planetary_computer_api_url_reaches_the_source()
    {
        var api = new Uri("http://127.0.0.1:9/api");
        using var sp = Build(o => o.PlanetaryComputer.ApiUrl = api);
        Assert.Equal(api, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SegmentS2Options>>().Value.PlanetaryComputer.ApiUrl);
        Assert.IsType<PlanetaryComputerSource>(sp.GetRequiredService<IS2Source>());
    }

    [Fact]
    public void Missing_model_paths_fail_with_the_option_named_when_the_session_is_first_needed()
    {
        using var sp = Build(_ => { });
        var ex = Assert.Throws<InvalidOptionException>(() => sp.GetRequiredService<SegmentS2Workflow>());
        Assert.Contains("ModelDirectory", ex.Message);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Tests.TestSupport;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.DependencyInjection;

/// <summary>Options bound from appsettings.json and validated the Microsoft.Extensions way: every bad setting in one exception, at host start.</summary>
public class OptionsConfigurationTests
{
    private static HostApplicationBuilder HostWith(string appsettingsJson)
    {
        string dir = Directory.CreateTempSubdirectory("segment-s2-options").FullName;
        File.WriteAllText(Path.Combine(dir, "appsettings.json"), appsettingsJson);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = dir,
            EnvironmentName = "Production",
            DisableDefaults = true,
        });
        builder.Configuration.AddJsonFile(Path.Combine(dir, "appsettings.json"), optional: false, reloadOnChange: false);
        return builder;
    }

    [Fact]
    public async Task A_host_with_bad_settings_fails_at_start_with_one_exception_listing_every_bad_setting()
    {
        var builder = HostWith("""
            {
              "SegmentS2": {
                "ChipSize": 5,
                "SpatialOverlap": 1.5,
                "BandNames": [ "R", "G" ],
                "PointsPerBatch": 0,
                "Source": "PlanetaryComputer",
                "PlanetaryComputer": { "ApiUrl": "ftp://example.org/api", "TokenRefreshMargin": "00:00:10" },
                "Sam": { "IntraOpNumThreads": -1 },
                "Http": { "MaxRetryAttempts": 500 }
              }
            }
            """);
        builder.Services.AddSegmentS2(builder.Configuration.GetSection("SegmentS2"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(typeof(SegmentS2Options), ex.OptionsType);
        var failures = ex.Failures.ToList();
        Assert.Equal(8, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("ChipSize = 5 is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("SpatialOverlap = 1.5 is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("BandNames = R,G is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PointsPerBatch = 0 is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PlanetaryComputer: ApiUrl = ftp://example.org/api is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PlanetaryComputer: TokenRefreshMargin = 00:00:10 is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sam: IntraOpNumThreads = -1 is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Http: MaxRetryAttempts = 500 is invalid: it must be in 0..100.", StringComparison.Ordinal));
        foreach (var failure in failures)
        {
            Assert.Contains(failure, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_sample_appsettings_binds_every_section_and_the_host_starts()
    {
        string sample = Path.Combine(RepositoryRoot.Path, "samples", "Configuration", "appsettings.json");
        var builder = HostWith(await File.ReadAllTextAsync(sample));
        builder.Services.AddSegmentS2(builder.Configuration.GetSection("SegmentS2"));
        using var host = builder.Build();
        await host.StartAsync();

        var o = host.Services.GetRequiredService<IOptions<SegmentS2Options>>().Value;
        Assert.Equal(["B08", "B04", "B03"], o.BandNames); // replaces R, G, B instead of being appended to them
        Assert.Equal(SegmentS2Outputs.Polygons | SegmentS2Outputs.QuickLook, o.Outputs);
        Assert.Equal(0.2, o.MaxCloudFraction);
        Assert.Equal(new Uri("https://planetarycomputer.microsoft.com/api"), o.PlanetaryComputer.ApiUrl);
        Assert.Equal(50, o.PlanetaryComputer.Stac.MaxPages);
        Assert.Equal("cache/embeddings", o.Sam.EmbeddingCacheDirectory);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.Http.BaseDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), o.Http.TotalTimeout);
        Assert.IsType<PlanetaryComputerSource>(host.Services.GetRequiredService<SegmentS2.Sentinel2.IS2Source>());
        await host.StopAsync();
    }

    [Fact]
    public void Bad_s2_raster_bands_are_reported_with_the_other_bad_settings_in_one_exception()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(o =>
        {
            o.S2RasterBands = ["B04", "B99"];
            o.ChipSize = 5;
            o.Http.MaxRetryAttempts = 500;
        });
        using var sp = services.BuildServiceProvider();

        // S2RasterBands used to be thrown from inside the iterator, escaping as a lone InvalidOptionException.
        foreach (var resolve in new Func<object>[] { () => sp.GetRequiredService<IOptions<SegmentS2Options>>().Value, () => sp.GetRequiredService<SegmentS2Workflow>() })
        {
            var ex = Assert.Throws<OptionsValidationException>(resolve);
            Assert.Equal(typeof(SegmentS2Options), ex.OptionsType);
            Assert.Collection(ex.Failures,
                f => Assert.StartsWith("ChipSize = 5 is invalid", f, StringComparison.Ordinal),
                f => Assert.StartsWith("S2RasterBands = B04,B99 is invalid", f, StringComparison.Ordinal),
                f => Assert.StartsWith("Http: MaxRetryAttempts = 500 is invalid", f, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_options_type_names_the_bad_option_and_its_value_in_an_InvalidOptionException()
    {
        var s2RasterBands = Assert.Throws<InvalidOptionException>(new SegmentS2Options { S2RasterBands = ["B99"] }.Validate);
        Assert.Equal(("S2RasterBands", "B99"), (s2RasterBands.OptionName, s2RasterBands.Value));

        var sam = Assert.Throws<InvalidOptionException>(new SegmentS2.Sam.SamSessionOptions { CudaDeviceId = -3 }.Validate);
        Assert.Equal(("CudaDeviceId", (object?)(-3)), (sam.OptionName, sam.Value));

        var http = Assert.Throws<InvalidOptionException>(new S2HttpResilienceOptions { MaxDelay = TimeSpan.FromDays(2) }.Validate);
        Assert.Equal(("MaxDelay", (object?)TimeSpan.FromDays(2)), (http.OptionName, http.Value));

        var stac = Assert.Throws<InvalidOptionException>(new SegmentS2.Sentinel2.Stac.StacClientOptions { MaxPages = 0 }.Validate);
        Assert.Equal(("Stac.MaxPages", (object?)0), (stac.OptionName, stac.Value));

        var nested = Assert.Throws<InvalidOptionException>(new PlanetaryComputerOptions { Stac = new() { MaxResponseBytes = 10 } }.Validate);
        Assert.Equal(("Stac.MaxResponseBytes", (object?)10L), (nested.OptionName, nested.Value));

        var margin = Assert.Throws<InvalidOptionException>(new PlanetaryComputerOptions { TokenRefreshMargin = TimeSpan.FromSeconds(59) }.Validate);
        Assert.Equal("TokenRefreshMargin = 00:00:59 is invalid: it must be at least 60 s.", margin.Message);

        var earth = Assert.Throws<InvalidOptionException>(new SegmentS2.Sentinel2.EarthSearch.EarthSearchOptions { ApiUrl = new Uri("ftp://x.test/") }.Validate);
        Assert.Equal(("ApiUrl", (object?)new Uri("ftp://x.test/")), (earth.OptionName, earth.Value));

        var local = Assert.Throws<InvalidOptionException>(new SegmentS2.Sentinel2.LocalFiles.LocalFilesOptions().Validate);
        Assert.Equal("Paths", local.OptionName);
        Assert.Contains("folder, GeoTIFF file or STAC item JSON file", local.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_configuration_after_binding_wins_and_environment_style_keys_bind()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SegmentS2:ChipSize"] = "512",
            ["SegmentS2:BandNames:0"] = "N",
            ["SegmentS2:LocalFiles:Paths:0"] = "/data/a",
            ["SegmentS2:Source"] = "LocalFiles",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSegmentS2(configuration.GetSection("SegmentS2"), o => o.SpatialOverlap = 0.25);
        using var sp = services.BuildServiceProvider();

        var o = sp.GetRequiredService<IOptions<SegmentS2Options>>().Value;
        Assert.Equal(512, o.ChipSize);
        Assert.Equal(["N"], o.BandNames);
        Assert.Equal(["/data/a"], o.LocalFiles.Paths);
        Assert.Equal(0.25, o.SpatialOverlap);
    }

    [Fact]
    public void Source_registration_defers_validation_and_reports_every_bad_setting_of_the_source()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        // Registering bad options no longer throws: they may still be changed by later configuration.
        services.AddPlanetaryComputerSource(o =>
        {
            o.Collection = " ";
            o.TileCacheBytes = -1;
        }, r => r.MaxRetryAttempts = -2);
        using var sp = services.BuildServiceProvider();

        var source = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PlanetaryComputerOptions>>().Value);
        Assert.Equal(["TileCacheBytes = -1 is invalid: it must be zero or more bytes.",
            "Collection =   is invalid: it must be a STAC collection id, not empty."], source.Failures);

        var http = Assert.Throws<OptionsValidationException>(() =>
            sp.GetRequiredService<IOptionsMonitor<S2HttpResilienceOptions>>().Get(Sentinel2ServiceCollectionExtensions.PlanetaryComputerClient));
        Assert.Equal(["MaxRetryAttempts = -2 is invalid: it must be in 0..100."], http.Failures);
    }

    [Fact]
    public void The_sam_session_factory_leaves_the_shared_options_untouched()
    {
        // SamSessionOptions has no logger to overwrite any more: the session gets one from ILoggerFactory.
        Assert.Null(typeof(SegmentS2.Sam.SamSessionOptions).GetProperty("Logger"));
        Assert.DoesNotContain(typeof(SegmentS2.Sam.SamSessionOptions).GetProperties(),
            p => typeof(Microsoft.Extensions.Logging.ILogger).IsAssignableFrom(p.PropertyType));
    }
}

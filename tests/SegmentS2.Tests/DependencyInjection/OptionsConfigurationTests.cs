using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SegmentS2.DependencyInjection;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.PlanetaryComputer;
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
        Assert.Contains(failures, f => f.StartsWith("PlanetaryComputer: ApiUrl 'ftp://example.org/api'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("PlanetaryComputer: TokenRefreshMargin 00:00:10", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sam: IntraOpNumThreads", StringComparison.Ordinal) && f.Contains("-1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Http: MaxRetryAttempts 500", StringComparison.Ordinal));
        foreach (var failure in failures)
        {
            Assert.Contains(failure, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_sample_appsettings_binds_every_section_and_the_host_starts()
    {
        string sample = Path.Combine(RepositoryRoot(), "samples", "Configuration", "appsettings.json");
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
        Assert.Equal(["TileCacheBytes -1 is negative.", "Collection is empty."], source.Failures);

        var http = Assert.Throws<OptionsValidationException>(() =>
            sp.GetRequiredService<IOptionsMonitor<S2HttpResilienceOptions>>().Get(Sentinel2ServiceCollectionExtensions.PlanetaryComputerClient));
        Assert.Equal(["MaxRetryAttempts -2 is not in 0..100."], http.Failures);
    }

    [Fact]
    public void The_sam_session_factory_leaves_the_shared_options_untouched()
    {
        // SamSessionOptions has no logger to overwrite any more: the session gets one from ILoggerFactory.
        Assert.Null(typeof(SegmentS2.Sam.SamSessionOptions).GetProperty("Logger"));
        Assert.DoesNotContain(typeof(SegmentS2.Sam.SamSessionOptions).GetProperties(),
            p => typeof(Microsoft.Extensions.Logging.ILogger).IsAssignableFrom(p.PropertyType));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SegmentS2.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SegmentS2.sln not found above " + AppContext.BaseDirectory);
    }
}

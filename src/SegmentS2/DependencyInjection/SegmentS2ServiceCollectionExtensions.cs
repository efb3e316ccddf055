using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentS2.DependencyInjection;
using SegmentS2.Chipping;
using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Sam.Loading;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Workflow;

// The Microsoft.Extensions convention: IServiceCollection extensions live in its namespace, so callers need no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SegmentS2 with <c>Microsoft.Extensions.DependencyInjection</c>.</summary>
public static class SegmentS2ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SegmentS2Workflow"/> and its parts: the Sentinel-2 source chosen by
    /// <see cref="SegmentS2Options.Source"/> (a named <see cref="HttpClient"/> with retries for the remote ones),
    /// <see cref="IChipper"/>, <see cref="IPromptEncoder"/> and <see cref="ISamSession"/> (loaded once, on first use),
    /// all singletons and thread-safe. Options are validated when the host starts (and on first use without a host):
    /// every bad setting is listed in one <see cref="OptionsValidationException"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="configureHttp">Sets <see cref="SegmentS2Options.Http"/>, the retry and timeout policy of the remote sources' HTTP clients.</param>
    public static IServiceCollection AddSegmentS2(this IServiceCollection services, Action<SegmentS2Options> configure, Action<S2HttpResilienceOptions>? configureHttp = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = AddCore(services).Configure(configure);
        if (configureHttp is not null)
        {
            options.Configure(o => configureHttp(o.Http));
        }

        return services;
    }

    /// <summary>
    /// Registers SegmentS2 as <see cref="AddSegmentS2(IServiceCollection, Action{SegmentS2Options}, Action{S2HttpResilienceOptions}?)"/>
    /// does, with <see cref="SegmentS2Options"/> bound from a configuration section (appsettings.json, environment
    /// variables: <c>SegmentS2__ChipSize</c>...) and then adjusted by <paramref name="configure"/>. Lists such as
    /// <c>BandNames</c> replace the defaults instead of being appended to them. See docs/configuration.md.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, for example <c>builder.Configuration.GetSection("SegmentS2")</c>.</param>
    /// <param name="configure">Optional changes applied after binding.</param>
    public static IServiceCollection AddSegmentS2(this IServiceCollection services, IConfiguration configuration, Action<SegmentS2Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = AddCore(services).Configure(o => BindSegmentS2(configuration, o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    private static void BindSegmentS2(IConfiguration configuration, SegmentS2Options options)
    {
        configuration.Bind(options);
        // The binder appends a bound list to a non-empty default; a configured list replaces it.
        if (configuration.GetSection(nameof(SegmentS2Options.BandNames)).Get<string[]>() is { } bands)
        {
            options.BandNames = bands;
        }
    }

    private static OptionsBuilder<SegmentS2Options> AddCore(IServiceCollection services)
    {
        var options = services.AddOptionsWithValidateOnStart<SegmentS2Options>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SegmentS2Options>, SegmentS2OptionsValidator>());

        services.TryAddSingleton<IChipper>(sp =>
        {
            var o = Options(sp);
            return new SpatialChipper(new ChipperOptions { ChipSize = o.ChipSize, SpatialOverlap = o.SpatialOverlap }, sp.GetService<ILogger<SpatialChipper>>());
        });
        services.TryAddSingleton<IPromptEncoder, GeoJsonPromptEncoder>();
        services.TryAddSingleton<ISamSession>(sp =>
        {
            var o = Options(sp);
            var (encoder, decoder) = o.ResolveModelPaths();
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxSamSession>();
            // The search, the scene opening and the first read run while the models load (BackgroundSamSession).
            return new BackgroundSamSession(() => OnnxSamSession.Load(encoder, decoder, o.Sam, logger));
        });

        // The same named, retrying clients as AddPlanetaryComputerSource / AddEarthSearchSource; options come from SegmentS2Options.
        Sentinel2ServiceCollectionExtensions.AddPlanetaryComputerParts(
            Sentinel2ServiceCollectionExtensions.AddClient(services, Sentinel2ServiceCollectionExtensions.PlanetaryComputerClient, sp => Options(sp).Http),
            Sentinel2ServiceCollectionExtensions.AddClient(services, Sentinel2ServiceCollectionExtensions.PlanetaryComputerBlobClient, sp => Options(sp).Http),
            sp => Options(sp).PlanetaryComputer);
        Sentinel2ServiceCollectionExtensions.AddEarthSearchTypedClient(
            Sentinel2ServiceCollectionExtensions.AddClient(services, Sentinel2ServiceCollectionExtensions.EarthSearchClient, sp => Options(sp).Http),
            sp => Options(sp).EarthSearch);
        services.TryAddSingleton(sp => new LocalFilesSource(Options(sp).LocalFiles, sp.GetService<ILogger<LocalFilesSource>>()));
        services.TryAddSingleton<IS2Source>(sp => Options(sp).Source switch
        {
            S2SourceKind.PlanetaryComputer => sp.GetRequiredService<PlanetaryComputerSource>(),
            S2SourceKind.EarthSearch => sp.GetRequiredService<EarthSearchSource>(),
            _ => sp.GetRequiredService<LocalFilesSource>(),
        });

        services.TryAddSingleton<SegmentS2Workflow>();
        return options;
    }

    private static SegmentS2Options Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<SegmentS2Options>>().Value;
}

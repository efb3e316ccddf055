using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentS2.Chipping;
using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Workflow;

namespace SegmentS2.DependencyInjection;

/// <summary>Registers SegmentS2 with <c>Microsoft.Extensions.DependencyInjection</c>.</summary>
public static class SegmentS2ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SegmentS2Workflow"/> and its parts: the Sentinel-2 source chosen by
    /// <see cref="SegmentS2Options.Source"/> (a typed <see cref="HttpClient"/> with retries for the remote ones),
    /// <see cref="IChipper"/>, <see cref="IPromptEncoder"/> and <see cref="ISamSession"/> (loaded once, on first use),
    /// all singletons and thread-safe. Options are validated when the host starts and on first use.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="configureHttp">Sets the retry and timeout policy of the remote sources' HTTP clients; defaults otherwise.</param>
    public static IServiceCollection AddSegmentS2(this IServiceCollection services, Action<SegmentS2Options> configure, Action<S2HttpResilienceOptions>? configureHttp = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<SegmentS2Options>()
            .Configure(configure)
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();

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
            o.Sam.Logger = sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxSamSession>() ?? (ILogger)NullLogger.Instance;
            return OnnxSamSession.Load(encoder, decoder, o.Sam);
        });

        // The same named, retrying clients as AddPlanetaryComputerSource / AddEarthSearchSource; options come from SegmentS2Options.
        Sentinel2ServiceCollectionExtensions.AddClient(services, Sentinel2ServiceCollectionExtensions.PlanetaryComputerClient, configureHttp);
        Sentinel2ServiceCollectionExtensions.AddClient(services, Sentinel2ServiceCollectionExtensions.EarthSearchClient, configureHttp);
        services.TryAddSingleton(sp => new PlanetaryComputerSource(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(Sentinel2ServiceCollectionExtensions.PlanetaryComputerClient),
            Options(sp).PlanetaryComputer, sp.GetService<ILogger<PlanetaryComputerSource>>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new EarthSearchSource(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(Sentinel2ServiceCollectionExtensions.EarthSearchClient),
            Options(sp).EarthSearch, sp.GetService<ILogger<EarthSearchSource>>()));
        services.TryAddSingleton(sp => new LocalFilesSource(Options(sp).LocalFiles, sp.GetService<ILogger<LocalFilesSource>>()));
        services.TryAddSingleton<IS2Source>(sp => Options(sp).Source switch
        {
            S2SourceKind.PlanetaryComputer => sp.GetRequiredService<PlanetaryComputerSource>(),
            S2SourceKind.EarthSearch => sp.GetRequiredService<EarthSearchSource>(),
            _ => sp.GetRequiredService<LocalFilesSource>(),
        });

        services.TryAddSingleton<SegmentS2Workflow>();
        return services;
    }

    private static SegmentS2Options Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<SegmentS2Options>>().Value;
}

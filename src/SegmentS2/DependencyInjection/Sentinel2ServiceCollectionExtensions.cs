using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.PlanetaryComputer;

namespace SegmentS2.DependencyInjection;

/// <summary>
/// Registers a Sentinel-2 source as the <see cref="IS2Source"/> singleton, with a named
/// <see cref="HttpClient"/> carrying SegmentS2's resilience. The source lives as long as the
/// container (its SAS token cache too); connections are recycled by the primary handler.
/// </summary>
public static class Sentinel2ServiceCollectionExtensions
{
    /// <summary>Name of the HTTP client of the Planetary Computer source.</summary>
    public const string PlanetaryComputerClient = "SegmentS2.PlanetaryComputer";

    /// <summary>Name of the HTTP client of the Earth Search source.</summary>
    public const string EarthSearchClient = "SegmentS2.EarthSearch";

    /// <summary>Registers <see cref="PlanetaryComputerSource"/> as <see cref="IS2Source"/>.</summary>
    public static IHttpClientBuilder AddPlanetaryComputerSource(this IServiceCollection services,
        Action<PlanetaryComputerOptions>? configure = null, Action<S2HttpResilienceOptions>? resilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new PlanetaryComputerOptions();
        configure?.Invoke(options);
        options.Validate();
        var builder = AddClient(services, PlanetaryComputerClient, resilience);
        services.TryAddSingleton(sp => new PlanetaryComputerSource(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(PlanetaryComputerClient), options,
            sp.GetService<ILogger<PlanetaryComputerSource>>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IS2Source>(sp => sp.GetRequiredService<PlanetaryComputerSource>());
        return builder;
    }

    /// <summary>Registers <see cref="EarthSearchSource"/> as <see cref="IS2Source"/>.</summary>
    public static IHttpClientBuilder AddEarthSearchSource(this IServiceCollection services,
        Action<EarthSearchOptions>? configure = null, Action<S2HttpResilienceOptions>? resilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new EarthSearchOptions();
        configure?.Invoke(options);
        options.Validate();
        var builder = AddClient(services, EarthSearchClient, resilience);
        services.TryAddSingleton(sp => new EarthSearchSource(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(EarthSearchClient), options,
            sp.GetService<ILogger<EarthSearchSource>>()));
        services.TryAddSingleton<IS2Source>(sp => sp.GetRequiredService<EarthSearchSource>());
        return builder;
    }

    /// <summary>Registers <see cref="LocalFilesSource"/> as <see cref="IS2Source"/>.</summary>
    public static IServiceCollection AddLocalFilesSource(this IServiceCollection services, Action<LocalFilesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new LocalFilesOptions();
        configure(options);
        options.Validate();
        services.TryAddSingleton(sp => new LocalFilesSource(options, sp.GetService<ILogger<LocalFilesSource>>()));
        services.TryAddSingleton<IS2Source>(sp => sp.GetRequiredService<LocalFilesSource>());
        return services;
    }

    internal static IHttpClientBuilder AddClient(IServiceCollection services, string name, Action<S2HttpResilienceOptions>? resilience) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddSegmentS2Resilience(resilience);
}

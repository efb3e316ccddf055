using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SegmentS2.DependencyInjection;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Stac;

// The Microsoft.Extensions convention: IServiceCollection extensions live in its namespace, so callers need no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a Sentinel-2 source as the <see cref="IS2Source"/> singleton, with named
/// <see cref="HttpClient"/>s carrying SegmentS2's resilience and typed clients over them
/// (the STAC search client on the Planetary Computer API client, <see cref="EarthSearchSource"/> on Earth Search's). The source lives as long as the
/// container (its SAS token cache too); connections are recycled by the primary handler.
/// Options are registered with the options pattern: validated when the host starts (every bad setting
/// in one <see cref="OptionsValidationException"/>), and bindable from configuration.
/// </summary>
public static class Sentinel2ServiceCollectionExtensions
{
    /// <summary>Name of the HTTP client of the Planetary Computer source.</summary>
    public const string PlanetaryComputerClient = "SegmentS2.PlanetaryComputer";

    /// <summary>Name of the HTTP client of the Planetary Computer source's blob reads (SAS-signed by a handler).</summary>
    public const string PlanetaryComputerBlobClient = "SegmentS2.PlanetaryComputer.Blobs";

    /// <summary>Name of the HTTP client of the Earth Search source.</summary>
    public const string EarthSearchClient = "SegmentS2.EarthSearch";

    /// <summary>Registers <see cref="PlanetaryComputerSource"/> as <see cref="IS2Source"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the source's options.</param>
    /// <param name="resilience">Sets the client's retry policy (named options of <see cref="PlanetaryComputerClient"/>).</param>
    public static IHttpClientBuilder AddPlanetaryComputerSource(this IServiceCollection services,
        Action<PlanetaryComputerOptions>? configure = null, Action<S2HttpResilienceOptions>? resilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddSourceOptions(services, configure);
        var builder = AddClient(services, PlanetaryComputerClient).AddSegmentS2Resilience(resilience);
        var blobs = AddClient(services, PlanetaryComputerBlobClient).AddSegmentS2Resilience(resilience);
        AddPlanetaryComputerParts(builder, blobs, sp => sp.GetRequiredService<IOptions<PlanetaryComputerOptions>>().Value);
        services.TryAddSingleton<IS2Source>(sp => sp.GetRequiredService<PlanetaryComputerSource>());
        return builder;
    }

    /// <summary>
    /// Registers <see cref="PlanetaryComputerSource"/> with its options bound from a configuration section and
    /// the client's retry policy from that section's <c>Http</c> child.
    /// </summary>
    public static IHttpClientBuilder AddPlanetaryComputerSource(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PlanetaryComputerOptions>().Bind(configuration);
        var builder = services.AddPlanetaryComputerSource();
        builder.Services.AddOptions<S2HttpResilienceOptions>(PlanetaryComputerClient).Bind(configuration.GetSection("Http"));
        builder.Services.AddOptions<S2HttpResilienceOptions>(PlanetaryComputerBlobClient).Bind(configuration.GetSection("Http"));
        return builder;
    }

    /// <summary>Registers <see cref="EarthSearchSource"/> as <see cref="IS2Source"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the source's options.</param>
    /// <param name="resilience">Sets the client's retry policy (named options of <see cref="EarthSearchClient"/>).</param>
    public static IHttpClientBuilder AddEarthSearchSource(this IServiceCollection services,
        Action<EarthSearchOptions>? configure = null, Action<S2HttpResilienceOptions>? resilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddSourceOptions(services, configure);
        var builder = AddClient(services, EarthSearchClient).AddSegmentS2Resilience(resilience);
        AddEarthSearchTypedClient(builder, sp => sp.GetRequiredService<IOptions<EarthSearchOptions>>().Value);
        services.TryAddSingleton<IS2Source>(sp => sp.GetRequiredService<EarthSearchSource>());
        return builder;
    }

    /// <summary>
    /// Registers <see cref="EarthSearchSource"/> with its options bound from a configuration section and the
    /// client's retry policy from that section's <c>Http</c> child.
    /// </summary>
    public static IHttpClientBuilder AddEarthSearchSource(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EarthSearchOptions>().Bind(configuration);
        var builder = services.AddEarthSearchSource();
        builder.Services.AddOptions<S2HttpResilienceOptions>(builder.Name).Bind(configuration.GetSection("Http"));
        return builder;
    }

    /// <summary>Registers <see cref="LocalFilesSource"/> as <see cref="IS2Source"/>.</summary>
    public static IServiceCollection AddLocalFilesSource(this IServiceCollection services, Action<LocalFilesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddSourceOptions(services, configure);
        services.TryAddSingleton(sp => new LocalFilesSource(sp.GetRequiredService<IOptions<LocalFilesOptions>>().Value, sp.GetService<ILogger<LocalFilesSource>>()));
        services.TryAddSingleton<IS2Source>(sp => sp.GetRequiredService<LocalFilesSource>());
        return services;
    }

    /// <summary>Registers <see cref="LocalFilesSource"/> with its options bound from a configuration section.</summary>
    public static IServiceCollection AddLocalFilesSource(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LocalFilesOptions>().Bind(configuration);
        return services.AddLocalFilesSource(_ => { });
    }

    private static void AddSourceOptions<TOptions>(IServiceCollection services, Action<TOptions>? configure)
        where TOptions : S2SourceOptions
    {
        var options = services.AddOptionsWithValidateOnStart<TOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, S2SourceOptionsValidator<TOptions>>());
    }

    /// <summary>
    /// The Planetary Computer source from two factory clients: the API client (search, tokens) with
    /// <see cref="SubscriptionKeyHandler"/> and the blob client with <see cref="SasSigningHandler"/>, both added with
    /// <c>AddHttpMessageHandler</c> inside the retry loop (each attempt carries the key and the current token).
    /// </summary>
    internal static void AddPlanetaryComputerParts(IHttpClientBuilder api, IHttpClientBuilder blobs, Func<IServiceProvider, PlanetaryComputerOptions> options)
    {
        var services = api.Services;
        api.AddHttpMessageHandler(sp => new SubscriptionKeyHandler(options(sp).SubscriptionKey));
        blobs.AddHttpMessageHandler(sp => new SasSigningHandler(sp.GetRequiredService<PlanetaryComputerSigner>(), options(sp).Collection,
            sp.GetService<ILoggerFactory>()?.CreateLogger<PlanetaryComputerSource>() ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        AddTypedClientOnce(api, (http, sp) => new StacSearchClient(http, options(sp).Stac, sp.GetService<ILogger<StacSearchClient>>()));
        services.TryAddSingleton(sp => new SasTokenProvider(sp.GetRequiredService<StacSearchClient>(), options(sp),
            sp.GetService<ILogger<SasTokenProvider>>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new PlanetaryComputerSigner(sp.GetRequiredService<SasTokenProvider>(), options(sp)));
        services.TryAddSingleton(sp => new PlanetaryComputerSource(sp.GetRequiredService<StacSearchClient>(), sp.GetRequiredService<SasTokenProvider>(),
            sp.GetRequiredService<PlanetaryComputerSigner>(), sp.GetRequiredService<IHttpClientFactory>().CreateClient(blobs.Name), options(sp),
            sp.GetService<ILogger<PlanetaryComputerSource>>()));
    }

    /// <summary>
    /// <see cref="EarthSearchSource"/> as the typed client of the Earth Search named client: IHttpClientFactory hands it an
    /// <see cref="HttpClient"/> over that client's handlers (resilience, buffering); the <see cref="IS2Source"/> singleton keeps one.
    /// </summary>
    internal static void AddEarthSearchTypedClient(IHttpClientBuilder builder, Func<IServiceProvider, EarthSearchOptions> options) =>
        AddTypedClientOnce(builder, (http, sp) => new EarthSearchSource(http, options(sp), sp.GetService<ILogger<EarthSearchSource>>()));

    // Typed clients are transient registrations keyed by type; like TryAdd, the first registration of a type wins.
    private static void AddTypedClientOnce<TClient>(IHttpClientBuilder builder, Func<HttpClient, IServiceProvider, TClient> factory)
        where TClient : class
    {
        if (!builder.Services.Any(d => d.ServiceType == typeof(TClient)))
        {
            builder.AddTypedClient(factory);
        }
    }

    /// <summary>A named client with SegmentS2's primary handler and the resilience given by <paramref name="resilience"/>.</summary>
    internal static IHttpClientBuilder AddClient(IServiceCollection services, string name, Func<IServiceProvider, S2HttpResilienceOptions> resilience) =>
        AddClient(services, name).AddSegmentS2Resilience(resilience);

    private static IHttpClientBuilder AddClient(IServiceCollection services, string name) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
}

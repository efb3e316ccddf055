using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SegmentS2.Sentinel2.Http;

/// <summary>
/// The retry policy of every SegmentS2 HTTP call, as a Polly 8 pipeline: exponential backoff with
/// jitter on 408, 429, 5xx, attempt timeouts, dropped connections and bodies cut short; a server's
/// <c>Retry-After</c> is honoured (capped); any other 4xx fails at once. Usable with
/// <c>IHttpClientFactory</c> (<see cref="AddSegmentS2Resilience(IHttpClientBuilder, Action{S2HttpResilienceOptions}?)"/>) and with a plain
/// <c>new HttpClient(S2HttpResilience.CreateHandler(...))</c>.
/// </summary>
public static class S2HttpResilience
{
    /// <summary>Name of the resilience handler added to typed clients.</summary>
    public const string PipelineName = "segment-s2";

    /// <summary>
    /// Adds the SegmentS2 retry pipeline and response buffering to a typed or named client. The policy is the
    /// client's named <see cref="S2HttpResilienceOptions"/> (name = the client's name), set by <paramref name="configure"/>
    /// and validated when the host starts.
    /// </summary>
    public static IHttpClientBuilder AddSegmentS2Resilience(this IHttpClientBuilder builder, Action<S2HttpResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptionsWithValidateOnStart<S2HttpResilienceOptions>(builder.Name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S2HttpResilienceOptions>, S2HttpResilienceOptionsValidator>());
        string name = builder.Name;
        return builder.AddSegmentS2Resilience(sp => sp.GetRequiredService<IOptionsMonitor<S2HttpResilienceOptions>>().Get(name));
    }

    /// <summary>Adds the SegmentS2 retry pipeline and response buffering with the policy bound from a configuration section.</summary>
    public static IHttpClientBuilder AddSegmentS2Resilience(this IHttpClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<S2HttpResilienceOptions>(builder.Name).Bind(configuration);
        return builder.AddSegmentS2Resilience();
    }

    /// <summary>The pipeline and buffering, with options resolved from the container when the client's handlers are built.</summary>
    internal static IHttpClientBuilder AddSegmentS2Resilience(this IHttpClientBuilder builder, Func<IServiceProvider, S2HttpResilienceOptions> options)
    {
        builder.ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
            Configure(pipeline, options(context.ServiceProvider), context.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(typeof(S2HttpResilience).FullName!),
                context.ServiceProvider.GetService<TimeProvider>()));
        builder.AddHttpMessageHandler(sp => new ResponseBufferingHandler(options(sp).MaxBufferedResponseBytes));
        return builder;
    }

    /// <summary>
    /// A handler chain for <c>new HttpClient(handler)</c>: retry and timeouts, then response buffering,
    /// then <paramref name="primaryHandler"/> (a new <see cref="SocketsHttpHandler"/> when null).
    /// Give the client an infinite <see cref="HttpClient.Timeout"/>; the pipeline has its own.
    /// </summary>
    public static DelegatingHandler CreateHandler(S2HttpResilienceOptions? options = null, HttpMessageHandler? primaryHandler = null, ILogger? logger = null) =>
        CreateHandler(options, primaryHandler, logger, timeProvider: null);

    /// <summary><see cref="CreateHandler(S2HttpResilienceOptions?, HttpMessageHandler?, ILogger?)"/> on a given clock (backoff, Retry-After dates, timeouts).</summary>
    internal static DelegatingHandler CreateHandler(S2HttpResilienceOptions? options, HttpMessageHandler? primaryHandler, ILogger? logger, TimeProvider? timeProvider)
    {
        options ??= new S2HttpResilienceOptions();
        options.Validate();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(pipeline, options, logger, timeProvider);
        return new ResilienceHandler(pipeline.Build())
        {
            InnerHandler = new ResponseBufferingHandler(options.MaxBufferedResponseBytes)
            {
                InnerHandler = primaryHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All },
            },
        };
    }

    /// <summary>A ready client over <see cref="CreateHandler(S2HttpResilienceOptions?, HttpMessageHandler?, ILogger?)"/> with an infinite client timeout.</summary>
    public static HttpClient CreateClient(S2HttpResilienceOptions? options = null, HttpMessageHandler? primaryHandler = null, ILogger? logger = null) =>
        new(CreateHandler(options, primaryHandler, logger)) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Whether an outcome is worth retrying: 408, 429, 5xx, timeouts, dropped connections, bodies cut short.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } ex)
        {
            return ex is HttpRequestException or TimeoutRejectedException or IOException && ex is not ResponseTooLargeException;
        }

        var status = outcome.Result!.StatusCode;
        return status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
    }

    /// <summary>The delay a response's <c>Retry-After</c> asks for (seconds or an HTTP date), capped, or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider? timeProvider = null)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        TimeSpan? delay = header.Delta ?? (header.Date is { } date ? date - (timeProvider ?? TimeProvider.System).GetUtcNow() : null);
        if (delay is null)
        {
            return null;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > cap ? cap : delay;
    }

    // The clock is the container's TimeProvider when it has one (a test's fake), else the system's.
    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, S2HttpResilienceOptions options, ILogger? logger, TimeProvider? timeProvider)
    {
        logger ??= NullLogger.Instance;
        timeProvider ??= TimeProvider.System;
        pipeline.TimeProvider = timeProvider;
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts == 0)
        {
            // Polly's retry needs at least one retry; without it each request is sent once.
            pipeline.AddTimeout(options.AttemptTimeout);
            return;
        }

        pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = options.UseJitter,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryAfter, timeProvider)),
            OnRetry = args =>
            {
                // A failed attempt has no response: its request comes from the resilience context.
                var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
                logger.LogWarning("HTTP attempt {Attempt} {What} for {Url}; retrying in {Delay} ms",
                    args.AttemptNumber + 1,
                    args.Outcome.Exception is { } e ? $"{e.GetType().Name} ({e.Message.ReplaceLineEndings(" ")})" : $"answered {(int)args.Outcome.Result!.StatusCode}",
                    UrlRedaction.WithoutQuery(request?.RequestUri),
                    (int)args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        });
        pipeline.AddTimeout(options.AttemptTimeout);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Agent.Activities.Research.Http;

/// <summary>
/// The one way the agent calls services outside the machine: a named <see cref="HttpClient"/> that decompresses gzip,
/// deflate and brotli, retries 429/5xx/timeouts with exponential back-off (honouring <c>Retry-After</c>), bounds each
/// attempt and the whole call (<see cref="OutboundHttpOptions"/>), and waits for its host's rate limit
/// (<see cref="HostRateLimitHandler"/>). Other subsystems reuse it with <see cref="AddOutboundHttpClient"/>.
/// </summary>
public static class OutboundHttp
{
    /// <summary>The User-Agent every outbound request carries (Stack Exchange and GitHub ask for one).</summary>
    public const string UserAgent = "agent-research/1.0 (+https://github.com)";

    /// <summary>Registers the named client <paramref name="name"/>; <paramref name="configure"/> sets its base address or headers.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="configure">Sets the client's base address or headers.</param>
    /// <param name="limits">The client's own timeouts and retries (e.g. from its subsystem's options); null = <c>Research:Http</c>.</param>
    public static IHttpClientBuilder AddOutboundHttpClient(this IServiceCollection services, string name, Action<IServiceProvider, HttpClient>? configure = null,
        Func<IServiceProvider, OutboundHttpOptions>? limits = null)
    {
        services.AddOptions<OutboundHttpOptions>();
        services.TryAddSingleton<HostRateLimits>();
        services.TryAddTransient<HostRateLimitHandler>();
        var builder = services.AddHttpClient(name, (provider, client) =>
        {
            // The resilience pipeline bounds the call; HttpClient's own timeout must not cut it shorter.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            configure?.Invoke(provider, client);
        });
        builder.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All });
        builder.AddResilienceHandler("outbound", (pipeline, context) =>
        {
            var options = limits?.Invoke(context.ServiceProvider) ?? context.ServiceProvider.GetRequiredService<IOptions<OutboundHttpOptions>>().Value;
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = false,
                    ShouldRetryAfterHeader = true,
                });
            }
            pipeline.AddTimeout(options.AttemptTimeout);
        });
        builder.AddHttpMessageHandler<HostRateLimitHandler>();
        return builder;
    }
}

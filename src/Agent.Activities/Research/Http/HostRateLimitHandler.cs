using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Research.Http;

/// <summary>
/// One token bucket per host, shared by every outbound client of the process, so a host gets at most
/// <see cref="OutboundHttpOptions.PermitsPerSecond"/> requests per second however many clients call it.
/// </summary>
public sealed class HostRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<HttpRequestMessage> _limiter;

    /// <summary>Creates the buckets with the configured rate.</summary>
    public HostRateLimits(IOptions<OutboundHttpOptions> options)
    {
        var permits = options.Value.PermitsPerSecond;
        _limiter = PartitionedRateLimiter.Create<HttpRequestMessage, string>(request =>
            RateLimitPartition.GetTokenBucketLimiter(request.RequestUri?.Authority ?? "", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = permits,
                TokensPerPeriod = permits,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 1000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Waits for a permit to send <paramref name="request"/>.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync(request, 1, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}

/// <summary>Holds each request until its host's bucket (<see cref="HostRateLimits"/>) gives a permit.</summary>
public sealed class HostRateLimitHandler(HostRateLimits limits) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limits.AcquireAsync(request, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
            throw new OutboundHttpException(request.RequestUri?.Authority ?? "?", "too many requests are queued for this host; lower the request rate or raise Research:Http:PermitsPerSecond.");
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

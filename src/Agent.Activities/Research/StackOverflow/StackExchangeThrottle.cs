namespace Agent.Activities.Research.StackOverflow;

/// <summary>
/// What the Stack Exchange API asked of this process: per method, not to call before a time (<c>backoff</c>), and no
/// call at all once the daily quota is used up (<c>quota_remaining</c> 0) until the quota resets at midnight UTC.
/// </summary>
public sealed class StackExchangeThrottle(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private DateTimeOffset? _quotaResets;

    /// <summary>How long to wait before calling <paramref name="method"/>, or why not to call at all.</summary>
    public (TimeSpan Wait, string? Refusal) Check(string method)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_quotaResets is { } resets && now < resets)
                return (TimeSpan.Zero, $"the daily quota is used up (quota_remaining 0); no call until it resets at {resets:yyyy-MM-dd HH:mm} UTC. An app key (Research:StackExchange:Key) raises the quota.");
            return (_notBefore.TryGetValue(method, out var at) && at > now ? at - now : TimeSpan.Zero, null);
        }
    }

    /// <summary>Records what a response of <paramref name="method"/> said.</summary>
    public void Record(string method, int? backoffSeconds, int? quotaRemaining)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (backoffSeconds is > 0) _notBefore[method] = now.AddSeconds(backoffSeconds.Value);
            if (quotaRemaining is <= 0) _quotaResets = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        }
    }
}

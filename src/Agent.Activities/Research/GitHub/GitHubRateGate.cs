using Agent.Activities.Research.Http;

namespace Agent.Activities.Research.GitHub;

/// <summary>
/// GitHub's rate limit as its last response told it (<c>X-RateLimit-Remaining</c>/<c>Reset</c>, read by Octokit's
/// <c>ApiInfo</c>): once nothing remains, no call is made until the reset time.
/// </summary>
public sealed class GitHubRateGate(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _blockedUntil;

    /// <summary>Throws when the limit is used up and has not reset yet.</summary>
    /// <exception cref="OutboundHttpException">No calls remain until the reset.</exception>
    public void EnsureOpen()
    {
        lock (_lock)
        {
            if (_blockedUntil is { } until && clock.GetUtcNow() < until)
                throw new OutboundHttpException("GitHub", $"the API rate limit is used up (X-RateLimit-Remaining 0); no call until it resets at {until:yyyy-MM-dd HH:mm:ss} UTC. A token (Research:GitHub:Token) raises the limit.");
        }
    }

    /// <summary>Records the limit a response reported.</summary>
    public void Record(int remaining, DateTimeOffset reset)
    {
        lock (_lock) _blockedUntil = remaining <= 0 ? reset : null;
    }
}

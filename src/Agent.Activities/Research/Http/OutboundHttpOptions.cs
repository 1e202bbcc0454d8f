namespace Agent.Activities.Research.Http;

/// <summary>
/// Limits of every outbound request the research engine makes (configuration section <c>Research:Http</c>): how long one
/// attempt and the whole call may take, how often 429/5xx answers are retried, and how many requests per second one
/// host gets.
/// </summary>
public sealed class OutboundHttpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Research:Http";

    /// <summary>How long one attempt may take before it is abandoned (and retried).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may take with all its retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a 429, a 5xx, a timeout or a connection failure.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones back off exponentially (a <c>Retry-After</c> header wins).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests per second one host gets from this process; more wait in a queue.</summary>
    [Range(1, 1000)]
    public int PermitsPerSecond { get; set; } = 5;
}

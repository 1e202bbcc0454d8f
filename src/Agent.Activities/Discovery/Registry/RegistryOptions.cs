namespace Agent.Activities.Discovery.Registry;

/// <summary>Where the MCP Registry is and how patiently it is asked (configuration section <c>Discovery:Registry</c>).</summary>
public sealed class RegistryOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Discovery:Registry";

    /// <summary>The public registry.</summary>
    public const string DefaultBaseUrl = "https://registry.modelcontextprotocol.io";

    /// <summary>The registry's address (the API lives under <c>/v0.1</c>).</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Servers asked for per page.</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 30;

    /// <summary>The most pages a search follows through <c>metadata.nextCursor</c>.</summary>
    [Range(1, 100)]
    public int MaxPages { get; set; } = 5;

    /// <summary>The limit of one request attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The limit of a request with all its retries.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient failure (5xx, 408, 429, connection errors).</summary>
    [Range(1, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The delay before the first retry; later ones grow exponentially.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>These limits as the outbound HTTP client takes them.</summary>
    public Research.Http.OutboundHttpOptions Limits() => new()
    {
        AttemptTimeout = AttemptTimeout,
        TotalTimeout = TotalTimeout > AttemptTimeout ? TotalTimeout : AttemptTimeout * 2,
        MaxRetries = MaxRetries,
        RetryDelay = RetryDelay,
    };
}

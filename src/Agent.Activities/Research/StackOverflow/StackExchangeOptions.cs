namespace Agent.Activities.Research.StackOverflow;

/// <summary>The Stack Exchange API (configuration section <c>Research:StackExchange</c>).</summary>
public sealed class StackExchangeOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Research:StackExchange";

    /// <summary>The API's address, without the <c>/2.3</c> version.</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://api.stackexchange.com";

    /// <summary>The site to search.</summary>
    [Required]
    public string Site { get; set; } = "stackoverflow";

    /// <summary>An app key (raises the daily quota); optional.</summary>
    public string? Key { get; set; }

    /// <summary>How many questions one search reads.</summary>
    [Range(1, 30)]
    public int PageSize { get; set; } = 5;

    /// <summary>
    /// The longest <c>backoff</c> the client waits out before calling a method again; a longer one makes the call fail with
    /// a note instead (the cycle does not stall).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxBackoffWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Findings.FindingUrl.IsHttp(BaseUrl))
            yield return new ValidationResult($"Research:StackExchange:BaseUrl '{BaseUrl}' is no http(s) address; use e.g. https://api.stackexchange.com.", [nameof(BaseUrl)]);
    }
}

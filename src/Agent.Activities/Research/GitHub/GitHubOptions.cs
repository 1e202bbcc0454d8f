namespace Agent.Activities.Research.GitHub;

/// <summary>The GitHub REST API (configuration section <c>Research:GitHub</c>).</summary>
public sealed class GitHubOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Research:GitHub";

    /// <summary>The API's address (GitHub Enterprise: <c>https://host/api/v3/</c>).</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://api.github.com";

    /// <summary>A token (raises the rate limit from 60 to 5000 calls an hour); optional.</summary>
    public string? Token { get; set; }

    /// <summary>The repository (<c>owner/name</c>) to search issues in when the problem names none; empty = all of GitHub.</summary>
    public string? Repository { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Findings.FindingUrl.IsHttp(BaseUrl))
            yield return new ValidationResult($"Research:GitHub:BaseUrl '{BaseUrl}' is no http(s) address; use e.g. https://api.github.com.", [nameof(BaseUrl)]);
        if (Repository is { Length: > 0 } repo && !GitHubRepositoryName.IsValid(repo))
            yield return new ValidationResult($"Research:GitHub:Repository '{repo}' is not owner/name.", [nameof(Repository)]);
    }
}

/// <summary>Checks and splits <c>owner/name</c>.</summary>
public static class GitHubRepositoryName
{
    /// <summary>Whether <paramref name="text"/> is <c>owner/name</c>.</summary>
    public static bool IsValid(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
    }

    /// <summary>The owner and name of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> is not <c>owner/name</c>.</exception>
    public static (string Owner, string Name) Split(string text)
    {
        if (!IsValid(text)) throw new ArgumentException($"'{text}' is not a GitHub repository; write it as owner/name.", nameof(text));
        var parts = text.Split('/');
        return (parts[0], parts[1]);
    }
}

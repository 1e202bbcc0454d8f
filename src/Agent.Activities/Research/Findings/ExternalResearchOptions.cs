namespace Agent.Activities.Research.Findings;

/// <summary>
/// What the solution finder asks outside the machine (configuration section <c>Research</c>). By default the cycle asks
/// no outside source: a machine without internet would only wait on connection timeouts. List the sources to ask in
/// <see cref="Sources"/> (<c>Research:Sources=stackoverflow,github,docs,web</c>) when the agent runs live.
/// </summary>
public sealed class ExternalResearchOptions : IValidatableObject
{
    /// <summary>The configuration section (shared with <see cref="ResearchOptions"/>).</summary>
    public const string SectionName = "Research";

    /// <summary>The sources the cycle asks, in this order after the error database; empty = none (offline).</summary>
    public string Sources { get; set; } = "";

    /// <summary>How long a source's answer to one question is reused from the cache.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The SQLite file of the cache; the host puts it in the data directory (<c>research.db</c>).</summary>
    [Required]
    public string CacheDatabasePath { get; set; } = ".data/research.db";

    /// <summary>The most findings one research step cites.</summary>
    [Range(1, 50)]
    public int MaxFindings { get; set; } = 6;

    /// <summary>The most characters of one finding's excerpt.</summary>
    [Range(100, 20_000)]
    public int MaxExcerptChars { get; set; } = 800;

    /// <summary>The configured sources, parsed.</summary>
    public IReadOnlyList<string> SourceNames => SourceList.Parse(Sources);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var name in SourceNames.Where(n => !SourceList.Known.Contains(n)))
            yield return new ValidationResult($"Research:Sources names '{name}', which is no source; use {string.Join(", ", SourceList.Known)}.", [nameof(Sources)]);
    }
}

/// <summary>The names of the outside sources, in their default order (most trusted first).</summary>
public static class SourceList
{
    /// <summary>Stack Overflow through the Stack Exchange API.</summary>
    public const string StackOverflow = "stackoverflow";

    /// <summary>GitHub issues through the GitHub REST API.</summary>
    public const string GitHub = "github";

    /// <summary>Documentation pages named in the problem.</summary>
    public const string Docs = "docs";

    /// <summary>A web search provider (SearXNG or Brave).</summary>
    public const string Web = "web";

    /// <summary>Every source, most trusted first.</summary>
    public static IReadOnlyList<string> Known { get; } = [StackOverflow, GitHub, Docs, Web];

    /// <summary>The names in a comma-separated list, lower-cased, without blanks or repeats.</summary>
    public static IReadOnlyList<string> Parse(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).Distinct()];
}

namespace Agent.Activities.Research;

/// <summary>Limits of the research step (configuration section <c>Research</c>).</summary>
public sealed class ResearchOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Research";

    /// <summary>The most files put into a context.</summary>
    [Range(1, 100)]
    public int MaxFiles { get; set; } = 6;

    /// <summary>The most characters of one file's text.</summary>
    [Range(100, 1_000_000)]
    public int MaxFileChars { get; set; } = 12_000;

    /// <summary>The most characters of one error excerpt.</summary>
    [Range(100, 100_000)]
    public int MaxErrorChars { get; set; } = 3_000;
}

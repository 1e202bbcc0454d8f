using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning;

/// <summary>Where the knowledge base lives and the thresholds of the learning system (configuration section <c>Learning</c>).</summary>
public sealed class LearningOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Learning";

    /// <summary>The SQLite file of the knowledge base; relative paths are resolved against the content root by the host.</summary>
    public string DatabasePath { get; set; } = Path.Combine(".data", "knowledge_base.db");

    /// <summary>How long a connection waits for another process's write lock before failing, in milliseconds.</summary>
    public int BusyTimeoutMs { get; set; } = 5000;

    /// <summary>Attempts a pattern needs before the advisor treats it as proven (below it, it is ignored).</summary>
    public int PatternSupportThreshold { get; set; } = 3;

    /// <summary>Failures after which an approach that fails more often than it succeeds is an anti-pattern.</summary>
    public int AntiPatternMinFailures { get; set; } = 3;

    /// <summary>Least token overlap (Jaccard, 0..1) for a stored error to count as similar to a new one.</summary>
    public double SimilarErrorMinOverlap { get; set; } = 0.3;

    /// <summary>How many similar errors a lookup returns.</summary>
    public int SimilarErrorCount { get; set; } = 3;

    /// <summary>How many solutions per error a lookup returns.</summary>
    public int SolutionsPerError { get; set; } = 3;

    /// <summary>How many similar past experiences the replay puts into a prompt.</summary>
    public int ReplayTopK { get; set; } = 3;

    /// <summary>
    /// Least similarity (word overlap, Jaccard, 0..1) for learned context to reach a prompt without sharing an exact error
    /// signature: a past attempt of the same task type in the same repository, or a fix of a similar error merged there.
    /// Knowledge from another repository reaches a prompt only through the same error signature.
    /// </summary>
    public double MinSimilarity { get; set; } = 0.3;
}

/// <summary>Checks <see cref="LearningOptions"/> when the host starts, naming the setting and the fix.</summary>
public sealed class LearningOptionsValidator : IValidateOptions<LearningOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LearningOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.DatabasePath)) errors.Add("Learning:DatabasePath is empty; set it to a file path such as .data/knowledge_base.db.");
        if (o.BusyTimeoutMs < 0) errors.Add($"Learning:BusyTimeoutMs is {o.BusyTimeoutMs}; set it to 0 or more milliseconds.");
        if (o.PatternSupportThreshold < 1) errors.Add($"Learning:PatternSupportThreshold is {o.PatternSupportThreshold}; set it to 1 or more attempts.");
        if (o.AntiPatternMinFailures < 1) errors.Add($"Learning:AntiPatternMinFailures is {o.AntiPatternMinFailures}; set it to 1 or more failures.");
        if (o.SimilarErrorMinOverlap is < 0 or > 1) errors.Add($"Learning:SimilarErrorMinOverlap is {o.SimilarErrorMinOverlap}; set it between 0 and 1.");
        if (o.SimilarErrorCount < 1) errors.Add($"Learning:SimilarErrorCount is {o.SimilarErrorCount}; set it to 1 or more.");
        if (o.SolutionsPerError < 1) errors.Add($"Learning:SolutionsPerError is {o.SolutionsPerError}; set it to 1 or more.");
        if (o.MinSimilarity is < 0 or > 1) errors.Add($"Learning:MinSimilarity is {o.MinSimilarity}; set it between 0 and 1.");
        if (o.ReplayTopK < 0) errors.Add($"Learning:ReplayTopK is {o.ReplayTopK}; set it to 0 (no replay) or more.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

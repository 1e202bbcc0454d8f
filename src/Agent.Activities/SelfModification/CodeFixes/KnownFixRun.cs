namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// A known fix's application in the shape of one Claude run (<c>ClaudeResultView</c>): no model, so no cost, tokens or
/// turns; subtype <see cref="Subtype"/>; the text is what changed, the error why nothing did. ChargeBudget, Learn and
/// SummarizeCycle read it as they read Claude's runs.
/// </summary>
public static class KnownFixRun
{
    /// <summary>The subtype of a known fix's run.</summary>
    public const string Subtype = "ast-fix";

    /// <summary>The plain run for <paramref name="result"/>, which took <paramref name="duration"/>.</summary>
    public static Dictionary<string, object?> ToPlain(CodeFixResult result, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(StringComparer.Ordinal)
        {
            ["success"] = result.IsApplied,
            ["subtype"] = Subtype,
            ["text"] = result.IsApplied ? result.Text : "",
            ["sessionId"] = null,
            ["turns"] = 0L,
            ["costUsd"] = 0.0,
            ["tokens"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["input"] = 0L,
                ["output"] = 0L,
                ["cacheCreationInput"] = 0L,
                ["cacheReadInput"] = 0L,
                ["total"] = 0L,
            },
            ["durationMs"] = (long)duration.TotalMilliseconds,
            ["attempts"] = 1L,
            ["error"] = result.IsApplied ? null : "known fix not applicable: " + result.Text,
        };
    }
}

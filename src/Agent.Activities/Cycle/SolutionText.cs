namespace Agent.Activities.Cycle;

/// <summary>
/// The words a solution is stored under: what this run's model said it did (its final message), the files its diff
/// changed, and the merged commit that holds it — never a description borrowed from the gap or another run.
/// </summary>
internal static class SolutionText
{
    private const int MaxMessage = 400;
    private const int MaxFiles = 5;

    public static string Of(IReadOnlyList<Claude.ClaudeRunSummary> runs, Validation.ValidationReport validation, string commit)
    {
        var said = string.Join(" ", runs.Select(r => r.Text).Where(t => !string.IsNullOrWhiteSpace(t))).ReplaceLineEndings(" ").Trim();
        if (said.Length > MaxMessage) said = said[..MaxMessage] + "…";
        var files = (validation.DiffStat ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains('|', StringComparison.Ordinal)).Select(line => line[..line.IndexOf('|', StringComparison.Ordinal)].Trim()).ToList();
        var changed = files.Count == 0 ? validation.DiffSummary ?? "a change"
            : string.Join(", ", files.Take(MaxFiles)) + (files.Count > MaxFiles ? $" and {files.Count - MaxFiles} more" : "") + $" ({validation.DiffSummary})";
        var head = said.Length > 0 ? said : "the change below";
        return $"{head} Changed {changed}; merged as {commit[..Math.Min(12, commit.Length)]}.";
    }
}

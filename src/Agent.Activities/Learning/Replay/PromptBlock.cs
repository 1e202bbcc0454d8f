using System.Text;
using Agent.Activities.Learning.Errors;

namespace Agent.Activities.Learning.Replay;

/// <summary>Writes what the knowledge base knows about a task as a short Markdown block for the prompt.</summary>
internal static class PromptBlock
{
    private const int MaxDescription = 500;

    public static string Format(IReadOnlyList<ErrorMatch> matches, IReadOnlyList<ReplayedExperience> experiences)
    {
        if (matches.Count == 0 && experiences.Count == 0) return "";
        var b = new StringBuilder("## What the agent learned before\n");
        if (matches.Count > 0)
        {
            b.Append("Known errors like the ones in this task, with fixes that worked before (best first):\n");
            foreach (var m in matches)
            {
                var how = m.Kind == ErrorMatchKind.Exact ? "same error, similarity 1.00" : $"similar error, similarity {m.Score:0.00}";
                b.Append("- ").Append(m.Error.Kind).Append(": ").Append(m.Error.Message).Append($" ({how}, seen {m.Error.Occurrences}x)\n");
                foreach (var s in m.Solutions)
                    b.Append($"  - fix (worked {s.SuccessCount} of {s.SuccessCount + s.FailureCount} times; {Origin(s.Repository, s.CommitId)}): ").Append(Shorten(s.Description)).Append('\n');
                if (m.Solutions.Count == 0) b.Append("  - no fix known yet\n");
            }
        }
        if (experiences.Count > 0)
        {
            b.Append("Similar past attempts:\n");
            foreach (var r in experiences)
            {
                var e = r.Experience;
                b.Append($"- [{e.Outcome}] {e.TaskType}: ").Append(Shorten(e.Description))
                    .Append($" ({(r.SharesError ? "saw the same error" : $"similarity {r.Similarity:0.00}")}; {Origin(e.Repository, e.MergedCommit)}; {e.Turns} turns");
                if (e.Tools.Length > 0) b.Append(", tools ").Append(e.Tools);
                b.Append(")\n");
                foreach (var error in r.Errors.Take(3)) b.Append("  - hit ").Append(error.Kind).Append(": ").Append(error.Message).Append('\n');
                foreach (var s in r.Solutions.Take(2)) b.Append("  - fixed by: ").Append(Shorten(s.Description)).Append('\n');
            }
        }
        return b.ToString();
    }

    // Where a piece of knowledge comes from: the repository's folder name and the merged commit, when there is one.
    private static string Origin(string? repository, string? commit)
    {
        var from = repository is { Length: > 0 } ? $"from {Path.GetFileName(repository.TrimEnd('/'))}" : "origin unknown";
        return commit is { Length: > 0 } ? $"{from}, commit {commit[..Math.Min(10, commit.Length)]}" : from;
    }

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= MaxDescription ? oneLine : oneLine[..(MaxDescription - 3)] + "...";
    }
}

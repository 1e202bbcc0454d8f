using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Agent.Activities.Learning.Notes;

/// <summary>
/// Renders <see cref="LearnedKnowledge"/> as the Markdown block of the notes file, between
/// <see cref="LearnedNotesBlock.BeginMarker"/> and <see cref="LearnedNotesBlock.EndMarker"/>. Deterministic: the same
/// knowledge always gives the same bytes (no timestamps, no row ids, a total order in every section), so re-rendering
/// without new knowledge leaves the file — and the change's diff — untouched. Each section lists at most
/// <c>maxItems</c> items. Nothing learned gives the empty string: no block at all.
/// </summary>
public static partial class LearnedNotesRenderer
{
    /// <summary>The longest error message or fix shown; longer text is cut with an ellipsis.</summary>
    public const int MaxTextLength = 300;

    /// <summary>The block for <paramref name="knowledge"/>, ending with the end marker and no newline; empty when nothing is learned.</summary>
    public static string Render(LearnedKnowledge knowledge, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        var errors = knowledge.SolvedErrors
            .OrderByDescending(e => e.Score).ThenByDescending(e => e.Worked)
            .ThenBy(e => e.Signature, StringComparer.Ordinal).ThenBy(e => e.Fix, StringComparer.Ordinal)
            .Take(maxItems).ToList();
        var avoid = knowledge.AntiPatterns
            .OrderByDescending(a => a.Failures).ThenBy(a => a.Successes)
            .ThenBy(a => a.TaskType, StringComparer.Ordinal).ThenBy(a => a.Approach, StringComparer.Ordinal)
            .Take(maxItems).ToList();
        var work = knowledge.WorkingApproaches
            .OrderByDescending(a => a.Score).ThenByDescending(a => a.Successes)
            .ThenBy(a => a.TaskType, StringComparer.Ordinal).ThenBy(a => a.Approach, StringComparer.Ordinal)
            .Take(maxItems).ToList();
        if (errors.Count + avoid.Count + work.Count == 0) return "";

        var text = new StringBuilder();
        text.Append(LearnedNotesBlock.BeginMarker).Append('\n');
        text.Append("## What the agent learned\n\n");
        text.Append("Kept by the agent from its knowledge base (`agent knowledge errors`, `agent knowledge patterns`) and changed only\n");
        text.Append("through its improvement cycle's gates. Text between these markers is replaced on every update; write your own notes outside them.\n");
        if (errors.Count > 0)
        {
            text.Append("\n### Errors and the fixes that worked\n\n");
            foreach (var e in errors)
            {
                text.Append(CultureInfo.InvariantCulture, $"- `{Code(e.Kind)}` {Clean(e.Message)}\n");
                text.Append(CultureInfo.InvariantCulture, $"  - Fix (worked {Times(e.Worked)}, failed {Times(e.Failed)}): {Clean(e.Fix)}\n");
            }
        }
        if (avoid.Count > 0)
        {
            text.Append("\n### Approaches to avoid\n\n");
            foreach (var a in avoid)
                text.Append(CultureInfo.InvariantCulture, $"- {Clean(a.TaskType)}: `{Code(a.Approach)}` failed {Times(a.Failures)} and succeeded {Times(a.Successes)}; take another approach.\n");
        }
        if (work.Count > 0)
        {
            text.Append("\n### Approaches that work\n\n");
            foreach (var a in work)
                text.Append(CultureInfo.InvariantCulture, $"- {Clean(a.TaskType)}: `{Code(a.Approach)}` succeeded {a.Successes} of {a.Successes + a.Failures} attempts")
                    .Append(a.MeanImprovement is { } m ? string.Create(CultureInfo.InvariantCulture, $" (mean improvement {m:0.##})") : "")
                    .Append(".\n");
        }
        text.Append('\n').Append(LearnedNotesBlock.EndMarker);
        return text.ToString();
    }

    private static string Times(int n) => n == 1 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{n} times");

    /// <summary>
    /// One line of stored text made safe for the block: whitespace runs become one space; HTML comment delimiters are
    /// escaped so stored text can never forge or close a marker; upper-case TODO/FIXME are lowered, or the notes would
    /// count as markers in the next assessment (and could become a gap of their own); long text is cut.
    /// </summary>
    internal static string Clean(string text)
    {
        var line = Whitespace().Replace(text, " ").Trim();
        line = line.Replace("<!--", "&lt;!--", StringComparison.Ordinal).Replace("-->", "--&gt;", StringComparison.Ordinal);
        line = TodoMarker().Replace(line, m => m.Value.ToLowerInvariant());
        return line.Length <= MaxTextLength ? line : line[..(MaxTextLength - 1)].TrimEnd() + "…";
    }

    private static string Code(string text) => Clean(text).Replace('`', '\'');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\b(TODO|FIXME)\b")]
    private static partial Regex TodoMarker();
}

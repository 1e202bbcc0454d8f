using System.Globalization;
using System.Text;

namespace Agent.Activities.SelfModification;

/// <summary>A metric before and after a change (e.g. tests passed 10 → 11).</summary>
public sealed record MetricDelta(string Name, double? Before, double? After);

/// <summary>What a task's commit says: its title, the cycle and gap it serves, and the metric deltas that justified it.</summary>
public sealed record CommitRequest
{
    /// <summary>The task id; written as the <c>Agent-Task</c> trailer that makes merging idempotent.</summary>
    public required string TaskId { get; init; }

    /// <summary>What the change does, in one line (the subject after <c>agent: </c>).</summary>
    public required string Title { get; init; }

    /// <summary>The improvement cycle's id (<c>Agent-Cycle</c> trailer).</summary>
    public string? CycleId { get; init; }

    /// <summary>The gap the task closes.</summary>
    public string? Gap { get; init; }

    /// <summary>The metrics before and after.</summary>
    public IReadOnlyList<MetricDelta> Metrics { get; init; } = [];
}

/// <summary>Builds commit messages: subject, body with gap and metric deltas, and the agent's trailers.</summary>
public static class CommitMessage
{
    /// <summary>The trailer carrying the task id.</summary>
    public const string TaskTrailer = "Agent-Task";

    /// <summary>The trailer carrying the cycle id.</summary>
    public const string CycleTrailer = "Agent-Cycle";

    /// <summary>The trailer a revert commit carries, naming the reverted commit.</summary>
    public const string RevertTrailer = "Agent-Revert-Of";

    /// <summary>The full message of a task's commit.</summary>
    public static string For(CommitRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TaskId);
        var title = OneLine(request.Title);
        if (title.Length == 0) throw new SelfModificationException("The commit needs a title saying what the change does; the task has none.");
        var text = new StringBuilder().Append("agent: ").Append(Shorten(title, 72)).Append("\n\n");
        if (request.Gap is { Length: > 0 } gap) text.Append("Gap: ").Append(OneLine(gap)).Append('\n');
        if (request.CycleId is { Length: > 0 } cycle) text.Append("Cycle: ").Append(cycle).Append('\n');
        if (request.Metrics.Count > 0)
        {
            text.Append("\nMetrics:\n");
            foreach (var m in request.Metrics)
                text.Append("  ").Append(m.Name).Append(": ").Append(Format(m.Before)).Append(" -> ").Append(Format(m.After)).Append('\n');
        }
        text.Append('\n').Append(TaskTrailer).Append(": ").Append(request.TaskId).Append('\n');
        if (request.CycleId is { Length: > 0 }) text.Append(CycleTrailer).Append(": ").Append(request.CycleId).Append('\n');
        return text.ToString();
    }

    private static string Format(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "n/a";

    // Git's convention keeps the subject short; a long one is cut at a word and marked, never mid-word.
    private static string Shorten(string title, int max)
    {
        if (title.Length <= max) return title;
        var cut = title.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? title[..cut] : title[..(max - 1)]).TrimEnd() + "…";
    }

    private static string OneLine(string? text) => string.Join(' ', (text ?? "").Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

using System.Text;
using System.Text.RegularExpressions;

namespace Agent.Activities.SelfModification;

/// <summary>
/// The isolated checkout of one task: a git worktree on its own branch, forked from <see cref="BaseCommit"/> of
/// <see cref="TargetBranch"/>. Plain data, so a workflow can keep it in a variable and hand it to later steps.
/// </summary>
public sealed record TaskWorktree
{
    /// <summary>The task's id; it also ends the branch name and is the <c>Agent-Task</c> trailer of the commit.</summary>
    public required string TaskId { get; init; }

    /// <summary>The repository the task changes (its top-level folder).</summary>
    public required string TargetRepository { get; init; }

    /// <summary>The worktree's folder.</summary>
    public required string Path { get; init; }

    /// <summary>The task's branch, e.g. <c>agent/fix-failing-test-1a2b3c4d</c>.</summary>
    public required string Branch { get; init; }

    /// <summary>The branch the change is merged into.</summary>
    public required string TargetBranch { get; init; }

    /// <summary>The commit the worktree was created from.</summary>
    public required string BaseCommit { get; init; }
}

/// <summary>Builds the telling names of task branches and worktree folders.</summary>
public static partial class WorktreeNames
{
    /// <summary>A lower-case slug of at most 40 characters (letters, digits, dashes); "task" when nothing is left.</summary>
    public static string Slug(string? text)
    {
        var slug = NotSlug().Replace((text ?? "").ToLowerInvariant().Normalize(NormalizationForm.FormD), "-").Trim('-');
        if (slug.Length > 40) slug = slug[..40].TrimEnd('-');
        return slug.Length == 0 ? "task" : slug;
    }

    /// <summary>The first 8 letters or digits of the task id, lower case.</summary>
    public static string ShortId(string taskId)
    {
        var letters = new string([.. taskId.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        if (letters.Length == 0) throw new ArgumentException($"Task id '{taskId}' has no letters or digits; use e.g. a GUID.", nameof(taskId));
        return letters.Length > 8 ? letters[..8] : letters;
    }

    /// <summary>The branch of a task: <c>{prefix}{gap-slug}-{short-id}</c>.</summary>
    public static string Branch(string prefix, string gap, string taskId) => $"{prefix}{Slug(gap)}-{ShortId(taskId)}";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}

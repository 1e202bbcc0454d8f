using System.Text.Json;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Spawning;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// The live workspaces as the work queue knows them: every leased task whose payload names a folder that is a git
/// checkout becomes an <see cref="AgentWorkspace"/> of its lease holder. The folder is the payload's <c>worktree</c>
/// (a path, or an object with <c>path</c> as <c>Agent.CreateWorktree</c> outputs it), else its <c>cwd</c>, else — for a
/// task with a <c>targetRepository</c> — the worktree of that repository whose branch the worker created for the task
/// (<c>…-&lt;short task id&gt;</c>). The base revision is the payload's <c>baseCommit</c> or <c>baseRevision</c>, else
/// the merge-base with the payload's <c>targetBranch</c> (or, for a task worktree, with the target repository's
/// current branch) when git knows one. The worker instance is <c>worker-&lt;agent&gt;</c>, as the spawner names it.
/// </summary>
public sealed class TaskQueueWorkspaces(TaskStore tasks, DetectionGit git) : IAgentWorkspaceSource
{
    // Far above MaxAgents × a few tasks each; a queue with more leased tasks than this is already an incident of its own.
    private const int MaxLeased = 10_000;

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentWorkspace>> ListAsync(CancellationToken cancellationToken)
    {
        var workspaces = new List<AgentWorkspace>();
        foreach (var task in await tasks.ListAsync(TaskStatuses.Leased, MaxLeased, cancellationToken))
        {
            if (string.IsNullOrEmpty(task.LeaseOwner) || task.Payload.ValueKind != JsonValueKind.Object) continue;
            if (await FindAsync(task, cancellationToken) is not { } found) continue;
            workspaces.Add(new AgentWorkspace(task.LeaseOwner, task.Id, found.Path, found.BaseRevision, AgentSpawner.InstanceIdFor(task.LeaseOwner)));
        }
        return workspaces;
    }

    private async Task<(string Path, string? BaseRevision)?> FindAsync(WorkTask task, CancellationToken cancellationToken)
    {
        var payload = task.Payload;
        var declaredBase = Text(payload, "baseCommit") ?? Text(payload, "baseRevision");
        var targetBranch = Text(payload, "targetBranch");
        string? folder = null;
        if (payload.TryGetProperty("worktree", out var worktree))
        {
            if (worktree.ValueKind == JsonValueKind.String) folder = worktree.GetString();
            else if (worktree.ValueKind == JsonValueKind.Object)
            {
                folder = Text(worktree, "path");
                declaredBase ??= Text(worktree, "baseCommit");
                targetBranch ??= Text(worktree, "targetBranch");
            }
        }
        folder ??= Text(payload, "cwd");
        if (folder is not null)
        {
            if (await TopLevelAsync(folder, cancellationToken) is not { } top) return null;
            return (top, declaredBase ?? await MergeBaseAsync(top, targetBranch, cancellationToken));
        }
        if (Text(payload, "targetRepository") is { } target && await TopLevelAsync(target, cancellationToken) is { } repository)
            return await TaskWorktreeAsync(repository, task.Id, declaredBase, targetBranch, cancellationToken);
        return null;
    }

    /// <summary>The worktree of <paramref name="repository"/> on the task's branch (<c>Agent.CreateWorktree</c> ends it with the short task id).</summary>
    private async Task<(string Path, string? BaseRevision)?> TaskWorktreeAsync(string repository, string taskId, string? declaredBase, string? targetBranch, CancellationToken cancellationToken)
    {
        string suffix;
        try { suffix = "-" + WorktreeNames.ShortId(taskId); }
        catch (ArgumentException) { return null; }
        var list = await git.Cli.TryRunAsync(repository, ["worktree", "list", "--porcelain"], cancellationToken);
        if (!list.Succeeded) return null;
        string? path = null;
        foreach (var line in list.Output.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("worktree ", StringComparison.Ordinal)) path = line["worktree ".Length..];
            else if (line.StartsWith("branch refs/heads/", StringComparison.Ordinal) && line.EndsWith(suffix, StringComparison.Ordinal) && path is not null && Directory.Exists(path))
            {
                // The repository's own checkout is never a task's worktree, even on a branch that happens to match.
                if (Path.GetFullPath(path).TrimEnd('/') == Path.GetFullPath(repository).TrimEnd('/')) continue;
                var target = targetBranch ?? await CurrentBranchAsync(repository, cancellationToken);
                return (path, declaredBase ?? await MergeBaseAsync(path, target, cancellationToken));
            }
        }
        return null;
    }

    private async Task<string?> TopLevelAsync(string folder, CancellationToken cancellationToken)
    {
        // Relative paths mean nothing outside the worker's own process; a folder that is gone has nothing to detect.
        if (!Path.IsPathFullyQualified(folder) || !Directory.Exists(folder)) return null;
        var result = await git.Cli.TryRunAsync(folder, ["rev-parse", "--show-toplevel"], cancellationToken);
        return result.Succeeded && result.Output.Trim() is { Length: > 0 } top ? Path.GetFullPath(top) : null;
    }

    private async Task<string?> CurrentBranchAsync(string repository, CancellationToken cancellationToken)
    {
        var result = await git.Cli.TryRunAsync(repository, ["symbolic-ref", "--short", "-q", "HEAD"], cancellationToken);
        return result.Succeeded && result.Output.Trim() is { Length: > 0 } branch ? branch : null;
    }

    private async Task<string?> MergeBaseAsync(string folder, string? targetBranch, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(targetBranch)) return null;
        var result = await git.Cli.TryRunAsync(folder, ["merge-base", targetBranch, "HEAD"], cancellationToken);
        return result.Succeeded && result.Output.Trim() is { Length: > 0 } commit ? commit : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}

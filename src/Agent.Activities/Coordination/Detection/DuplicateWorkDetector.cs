using System.Text.Json.Nodes;
using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Two agents editing the same files for different tasks at once: each live worktree's changed files (uncommitted,
/// plus committed since its task's base revision when given) are compared pairwise; agents on different tasks sharing
/// at least <c>DuplicateWork:MinSharedFiles</c> changed files raise an incident.
/// </summary>
public sealed class DuplicateWorkDetector(DetectionGit detectionGit, IOptions<DetectionOptions> options) : IEmergentBehaviourDetector
{
    private readonly GitCli _git = detectionGit.Cli;

    /// <inheritdoc />
    public string Name => DetectorNames.DuplicateWork;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectionFinding>> DetectAsync(DetectionContext context, CancellationToken cancellationToken)
    {
        var changed = new List<(AgentWorkspace Workspace, SortedSet<string> Files)>();
        foreach (var workspace in context.Workspaces.Where(w => Directory.Exists(w.WorktreePath)))
            changed.Add((workspace, await ChangedFilesAsync(workspace, cancellationToken)));
        var findings = new List<DetectionFinding>();
        for (var i = 0; i < changed.Count; i++)
        for (var j = i + 1; j < changed.Count; j++)
        {
            var (a, b) = string.CompareOrdinal(changed[i].Workspace.AgentId, changed[j].Workspace.AgentId) <= 0 ? (changed[i], changed[j]) : (changed[j], changed[i]);
            if (a.Workspace.AgentId == b.Workspace.AgentId || a.Workspace.TaskId == b.Workspace.TaskId) continue;
            var shared = a.Files.Intersect(b.Files, StringComparer.Ordinal).ToList();
            if (shared.Count < options.Value.DuplicateWork.MinSharedFiles) continue;
            var evidence = new JsonObject
            {
                ["sharedFiles"] = new JsonArray([.. shared.Select(f => (JsonNode)f)]),
                ["workspaces"] = new JsonArray([.. new[] { a.Workspace, b.Workspace }.Select(w => (JsonNode)new JsonObject
                {
                    ["agent"] = w.AgentId, ["task"] = w.TaskId, ["worktree"] = w.WorktreePath, ["baseRevision"] = w.BaseRevision,
                })]),
            };
            findings.Add(new DetectionFinding(Name, [a.Workspace.AgentId, b.Workspace.AgentId],
                $"{a.Workspace.AgentId} (task {a.Workspace.TaskId}) and {b.Workspace.AgentId} (task {b.Workspace.TaskId}) both change {shared.Count} file(s): {string.Join(", ", shared.Take(5))}",
                evidence, DetectionFinding.FingerprintOf(Name, [a.Workspace.AgentId, a.Workspace.TaskId, b.Workspace.AgentId, b.Workspace.TaskId], shared)));
        }
        return findings;
    }

    private async Task<SortedSet<string>> ChangedFilesAsync(AgentWorkspace workspace, CancellationToken cancellationToken)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        // Porcelain paths are relative to the repository root, so worktrees of one repository compare directly.
        var status = await _git.RunAsync(workspace.WorktreePath, ["status", "--porcelain=v1", "-z", "--untracked-files=all"], cancellationToken);
        var entries = status.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Length < 4) continue;
            files.Add(entries[i][3..]);
            // A rename or copy is followed by its source path, which also changed.
            if (entries[i][0] is 'R' or 'C' && i + 1 < entries.Length) files.Add(entries[++i]);
        }
        if (!string.IsNullOrWhiteSpace(workspace.BaseRevision))
        {
            var result = await _git.TryRunAsync(workspace.WorktreePath, ["diff", "--name-only", "-z", $"{workspace.BaseRevision}...HEAD"], cancellationToken);
            if (!result.Succeeded)
                throw new DetectionException($"Agent '{workspace.AgentId}': the base revision '{workspace.BaseRevision}' of task '{workspace.TaskId}' cannot be compared in {workspace.WorktreePath} ({result.Error.Trim()}); give a branch or commit of that repository, or none.");
            foreach (var file in result.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries)) files.Add(file.Trim('\n'));
        }
        return files;
    }
}

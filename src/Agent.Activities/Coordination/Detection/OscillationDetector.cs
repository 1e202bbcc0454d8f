using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Agents reverting each other: across the commits of every live worktree (deduplicated by hash, ordered by commit
/// time) and each worktree's candidate diff (its uncommitted changes, last), the same hunk — a file and its normalized removed and added lines — applied, then undone (the added lines
/// removed and the removed ones added back), and again. Each change of direction is a flip; an incident is raised
/// when one hunk flips <c>Oscillation:MinFlips</c> times.
/// </summary>
public sealed class OscillationDetector(GitHunkHistory history, IOptions<DetectionOptions> options) : IEmergentBehaviourDetector
{
    private const int MaxEvidenceText = 400;

    /// <inheritdoc />
    public string Name => DetectorNames.Oscillation;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectionFinding>> DetectAsync(DetectionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value.Oscillation;
        var hunks = new Dictionary<(string Commit, string File, string Removed, string Added), CommitHunk>();
        var owners = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var workspace in context.Workspaces.Where(w => Directory.Exists(w.WorktreePath)))
        {
            var committed = await history.ReadAsync(workspace.WorktreePath, settings.MaxCommits, cancellationToken);
            var candidate = await history.ReadCandidateAsync(workspace.WorktreePath, workspace.AgentId, context.Now, cancellationToken);
            foreach (var hunk in committed.Concat(candidate))
            {
                // A commit seen in several worktrees keeps its latest position (the longest history places it best).
                var key = (hunk.Commit, hunk.File, hunk.Removed, hunk.Added);
                if (!hunks.TryGetValue(key, out var seen) || seen.Position < hunk.Position) hunks[key] = hunk;
                if (!owners.TryGetValue(hunk.Commit, out var agents)) owners[hunk.Commit] = agents = new(StringComparer.Ordinal);
                agents.Add(workspace.AgentId);
            }
        }
        var findings = new List<DetectionFinding>();
        // A hunk and its undo share one key: the file and the two versions in a fixed order.
        foreach (var group in hunks.Values.GroupBy(h => (h.File, First: Min(h.Removed, h.Added), Second: Max(h.Removed, h.Added))))
        {
            var steps = group.OrderBy(h => h.IsCandidate).ThenBy(h => h.At).ThenBy(h => h.Position).ThenBy(h => h.Commit, StringComparer.Ordinal).ToList();
            var flips = steps.Zip(steps.Skip(1)).Count(p => p.First.Removed != p.Second.Removed);
            if (flips < settings.MinFlips) continue;
            var agents = steps.SelectMany(s => owners[s.Commit]).Distinct().Order(StringComparer.Ordinal).ToList();
            var evidence = new JsonObject
            {
                ["file"] = group.Key.File,
                ["flips"] = flips,
                ["versionA"] = Clip(group.Key.First),
                ["versionB"] = Clip(group.Key.Second),
                ["commits"] = new JsonArray([.. steps.Select(s => (JsonNode)new JsonObject
                {
                    ["commit"] = s.Commit, ["at"] = s.At.ToString("O"), ["to"] = s.Added == group.Key.First ? "A" : "B",
                    ["agents"] = new JsonArray([.. owners[s.Commit].Select(a => (JsonNode)a)]),
                })]),
            };
            findings.Add(new DetectionFinding(Name, agents,
                $"{group.Key.File}: the same hunk flipped {flips} times across {steps.Count} commits of {string.Join(", ", agents)}",
                evidence, DetectionFinding.FingerprintOf(Name, [group.Key.File, group.Key.First, group.Key.Second], steps.Select(s => s.Commit))));
        }
        return findings;
    }

    private static string Min(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? a : b;
    private static string Max(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? b : a;
    private static string Clip(string text) => text.Length <= MaxEvidenceText ? text : text[..MaxEvidenceText] + "…";
}

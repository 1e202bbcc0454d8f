using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Learning.Graph;

/// <summary>The nodes and edges one attempt adds: goal → gap → task; task → tools, files, errors, pattern, capability; error → solution.</summary>
internal static class AttemptGraph
{
    public static async Task AddAsync(KnowledgeDbContext db, AttemptRecord a, ExperienceRecord e, IReadOnlyList<long> errorIds,
        IReadOnlyList<NormalizedError> normalized, IReadOnlySet<int> fixedIndexes, IReadOnlyList<long> solutionIds, CancellationToken ct)
    {
        async Task<long> Node(NodeType type, string key, string? label = null) => await KnowledgeGraph.NodeAsync(db, new NodeRef(type, key), label, ct).ConfigureAwait(false);
        async Task Edge(long from, EdgeType type, long to) => await KnowledgeGraph.EdgeAsync(db, from, type, to, 1, ct).ConfigureAwait(false);

        var task = await Node(NodeType.Task, e.Id, $"{e.TaskType}: {e.Description} [{e.Outcome}]").ConfigureAwait(false);
        var goal = await Node(NodeType.Goal, e.Goal).ConfigureAwait(false);
        if (e.Gap is { Length: > 0 } gapText)
        {
            var gap = await Node(NodeType.Gap, gapText).ConfigureAwait(false);
            await Edge(goal, EdgeType.HasGap, gap).ConfigureAwait(false);
            await Edge(gap, EdgeType.AddressedBy, task).ConfigureAwait(false);
        }
        else
        {
            await Edge(goal, EdgeType.AddressedBy, task).ConfigureAwait(false);
        }
        foreach (var tool in a.Approach.Tools.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
            await Edge(task, EdgeType.Uses, await Node(NodeType.Tool, tool).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var file in a.Approach.Files.Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.Ordinal))
            await Edge(task, EdgeType.Touches, await Node(NodeType.File, file).ConfigureAwait(false)).ConfigureAwait(false);
        var pattern = await Node(NodeType.Pattern, $"{e.TaskType}|{e.ApproachKey}").ConfigureAwait(false);
        await Edge(task, EdgeType.Follows, pattern).ConfigureAwait(false);
        if (e.IntegratedCapability && a.Capability is { } capability)
            await Edge(task, EdgeType.Integrates, await Node(NodeType.Capability, capability.Trim()).ConfigureAwait(false)).ConfigureAwait(false);

        var errorNodes = new Dictionary<long, long>();
        for (var i = 0; i < errorIds.Count; i++)
        {
            if (!errorNodes.ContainsKey(errorIds[i]))
                errorNodes[errorIds[i]] = await Node(NodeType.Error, LearningService.Key(errorIds[i]), $"{normalized[i].Kind}: {normalized[i].Message}").ConfigureAwait(false);
            await Edge(task, EdgeType.Caused, errorNodes[errorIds[i]]).ConfigureAwait(false);
        }
        if (a.Fix is null) return;
        var fixedErrors = fixedIndexes.Select(i => errorIds[i]).Distinct().ToList();
        for (var k = 0; k < solutionIds.Count; k++)
        {
            var solution = await Node(NodeType.Solution, LearningService.Key(solutionIds[k]), a.Fix.Description.Trim()).ConfigureAwait(false);
            await Edge(errorNodes[fixedErrors[k]], EdgeType.SolvedBy, solution).ConfigureAwait(false);
            await Edge(task, EdgeType.Produced, solution).ConfigureAwait(false);
        }
    }
}

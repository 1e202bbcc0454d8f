using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Validation;

/// <summary>
/// Decides whether a change needs a human's approval before it is merged: a large diff, a sensitive path (builds,
/// packages, CI, configuration), deleted files, or the agent's own repository as the target each add a reason. Files in
/// <see cref="ValidationOptions.DiffSizeExemptPaths"/> (the learned notes) do not count towards the diff's size.
/// </summary>
public sealed class RiskAssessor(IOptions<ValidationOptions> options)
{
    private readonly ValidationOptions _options = options.Value;
    private readonly PathGlobs _sensitive = new(options.Value.SensitivePaths);
    private readonly PathGlobs _sizeExempt = new(options.Value.DiffSizeExemptPaths);

    /// <summary>Assesses <paramref name="diff"/> of a change to <paramref name="targetRepository"/>.</summary>
    public RiskAssessment Assess(WorktreeDiff diff, string targetRepository)
    {
        var reasons = new List<string>();
        if (_options.AlwaysNeedApproval) reasons.Add("every change needs approval (Validation:AlwaysNeedApproval).");
        var counted = diff.Files.Where(f => !_sizeExempt.IsMatch(f.Path)).ToList();
        var lines = counted.Sum(f => f.LinesAdded + f.LinesDeleted);
        if (lines > _options.LargeDiffLines)
            reasons.Add($"large diff: {lines} lines changed, more than {_options.LargeDiffLines} (Validation:LargeDiffLines).");
        if (counted.Count > _options.LargeDiffFiles)
            reasons.Add($"large diff: {counted.Count} files changed, more than {_options.LargeDiffFiles} (Validation:LargeDiffFiles).");
        foreach (var file in diff.Files)
        {
            if (_sensitive.FirstMatch(file.Path) is { } glob) reasons.Add($"sensitive path '{file.Path}' (matches '{glob}').");
            if (file.Kind == FileChangeKind.Deleted) reasons.Add($"deletes '{file.Path}'.");
        }
        if (_options.SelfTargetNeedsApproval && IsAgentRepository(targetRepository))
            reasons.Add("the target is the agent's own repository.");
        return new RiskAssessment(reasons);
    }

    private bool IsAgentRepository(string target) =>
        _options.AgentRepository is { Length: > 0 } agent
        && string.Equals(Path.GetFullPath(agent).TrimEnd('/'), Path.GetFullPath(target).TrimEnd('/'), StringComparison.Ordinal);
}

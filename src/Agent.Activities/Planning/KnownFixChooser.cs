using Agent.Activities.Gaps;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.SelfModification.CodeFixes;

namespace Agent.Activities.Planning;

/// <summary>
/// Decides whether a gap is closed by a known deterministic fix instead of a model: a <c>remove-warning</c> gap whose
/// compiler diagnostic has a fix in <see cref="KnownCodeFixes"/> and a file and line to find it by — unless the learning
/// system holds that fix's approach (<see cref="KnownCodeFixes.ApproachName"/>) as an anti-pattern for the task type,
/// because it kept failing. Without a learning system nothing is held against a fix.
/// </summary>
public sealed class KnownFixChooser(KnownCodeFixes fixes, IApproachAdvisor? approaches = null)
{
    /// <summary>The fix to apply for <paramref name="gap"/>, or null when the gap goes to the model.</summary>
    public async Task<CodeFixTarget?> ChooseAsync(Gap gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gap);
        if (gap.TaskType != TaskTypes.RemoveWarning || gap.Diagnostic is not { File: { Length: > 0 } file, Line: { } line } diagnostic || !fixes.Knows(diagnostic.Code))
            return null;
        if (approaches is not null)
        {
            var advice = await approaches.ChooseAsync(gap.TaskType, [new Approach { Name = KnownCodeFixes.ApproachName(diagnostic.Code) }], cancellationToken).ConfigureAwait(false);
            if (advice.Ranking[0].Standing == ApproachStanding.AntiPattern) return null;
        }
        return new CodeFixTarget(diagnostic.Code, file, line, diagnostic.Message);
    }
}

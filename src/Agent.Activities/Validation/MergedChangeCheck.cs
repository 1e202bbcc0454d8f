using Agent.Activities.Assessment;
using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Validation;

/// <summary>What the post-merge check found.</summary>
/// <param name="Checked">False when the check was not needed (see <see cref="Reason"/>).</param>
/// <param name="Passed">True when nothing regressed (or nothing was checked).</param>
/// <param name="Regressions">What broke: the build, or tests that fail on the merged commit and not on its parent.</param>
/// <param name="Reason">Why it was or was not checked, and the verdict, in one line.</param>
public sealed record PostMergeVerdict(bool Checked, bool Passed, IReadOnlyList<string> Regressions, string Reason);

/// <summary>
/// Checks a change after it was merged: builds and tests the merged commit and the commit before it (its parent on the
/// target branch), each in a throwaway worktree, and reports a regression when the build broke or a test newly fails.
/// Validation proved the change on the commit its worktree came from; when the target branch moved on meanwhile, the
/// merge rebased it, and two correct changes can still break each other — this is what catches that. It only reads
/// the target (the worktrees are removed), so it can run again after a crash.
/// </summary>
public sealed class MergedChangeCheck(TaskWorktrees worktrees, GitRepository repository, AssessmentService assessment, IOptions<ValidationOptions> options)
{
    /// <summary>Checks <paramref name="commit"/> (merged from <paramref name="worktree"/>) as <see cref="ValidationOptions.PostMergeCheck"/> says.</summary>
    /// <exception cref="AssessmentException">The target cannot be measured.</exception>
    public async Task<PostMergeVerdict> CheckAsync(TaskWorktree worktree, string commit, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worktree);
        ArgumentException.ThrowIfNullOrWhiteSpace(commit);
        var mode = options.Value.PostMergeCheck;
        if (mode == PostMergeCheckMode.Never)
            return new PostMergeVerdict(false, true, [], "not checked after the merge (Validation:PostMergeCheck = Never).");
        var top = worktree.TargetRepository;
        var merged = await repository.ResolveAsync(top, commit, cancellationToken).ConfigureAwait(false);
        var parent = await repository.ResolveAsync(top, merged + "^", cancellationToken).ConfigureAwait(false);
        if (mode == PostMergeCheckMode.WhenRebased && parent == worktree.BaseCommit)
            return new PostMergeVerdict(false, true, [], $"not checked after the merge: {Short(merged)} sits on {Short(parent)}, the commit it was validated on.");

        var before = await MeasureAsync(top, parent, "parent", progress, cancellationToken).ConfigureAwait(false);
        var after = await MeasureAsync(top, merged, "merged", progress, cancellationToken).ConfigureAwait(false);
        var regressions = ValidationGates.Regressions(Measurement.From(before), Measurement.From(after));
        return regressions.Count == 0
            ? new PostMergeVerdict(true, true, [], $"checked after the merge: {Short(merged)} builds and tests as well as {Short(parent)} before it.")
            : new PostMergeVerdict(true, false, regressions, $"the merged {Short(merged)} regressed against {Short(parent)}: {string.Join(" ", regressions)}");
    }

    // A throwaway checkout beside the task worktrees: measured exactly as the change was, removed afterwards (and by the
    // stale-worktree cleanup after a crash).
    private Task<MeasurementSnapshot> MeasureAsync(string top, string commit, string role, IProgress<string>? progress, CancellationToken cancellationToken) =>
        worktrees.InCheckoutAsync(top, commit, $"check-{role}", commit, path =>
        {
            progress?.Report($"measuring the {role} commit {Short(commit)}");
            return assessment.MeasureAsync(path, progress, cancellationToken);
        }, cancellationToken);

    private static string Short(string commit) => commit.Length > 8 ? commit[..8] : commit;
}

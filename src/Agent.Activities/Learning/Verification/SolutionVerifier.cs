using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Verification;

/// <summary>One stored solution that failed its check, and why.</summary>
/// <param name="SolutionId">The solution.</param>
/// <param name="ErrorId">The error it claims to solve.</param>
/// <param name="Error">The error's kind and message.</param>
/// <param name="Description">The solution's text.</param>
/// <param name="Reason">Why it is not verified.</param>
public sealed record UnverifiedSolution(long SolutionId, long ErrorId, string Error, string Description, string Reason);

/// <summary>What <see cref="SolutionVerifier.VerifyAsync"/> found.</summary>
/// <param name="Checked">Solutions checked (not quarantined before).</param>
/// <param name="Verified">Solutions whose merged commit is in their repository's history and whose attempt closed its gap.</param>
/// <param name="Unverified">Solutions that failed the check.</param>
/// <param name="Quarantined">True when the unverified ones were quarantined (<c>--fix</c>).</param>
/// <param name="AlreadyQuarantined">Solutions quarantined by an earlier run.</param>
public sealed record VerificationReport(int Checked, int Verified, IReadOnlyList<UnverifiedSolution> Unverified, bool Quarantined, int AlreadyQuarantined);

/// <summary>
/// Re-checks every stored solution the way the cycle now stores them: it links to a merged commit that is still in the
/// target's history, and the attempt that found it was an accepted change whose gap validation measured closed. With
/// <c>fix</c> the ones that fail are quarantined — never offered, noted or counted again — so a knowledge base written
/// before outcomes were verified can be cleaned. Quarantining is idempotent and keeps the rows for the record.
/// </summary>
public sealed class SolutionVerifier(KnowledgeDatabase database, ICommitHistory history, TimeProvider time)
{
    /// <summary>Checks every solution; with <paramref name="fix"/> quarantines those that fail.</summary>
    public async Task<VerificationReport> VerifyAsync(bool fix, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(async db => await (
            from s in db.Solutions
            join e in db.Errors on s.ErrorId equals e.Id
            join x in db.Experiences on s.ExperienceId equals x.Id into attempts
            from x in attempts.DefaultIfEmpty()
            select new Row(s.Id, s.ErrorId, e.Kind + ": " + e.Message, s.Description, s.CommitId, s.Repository, s.QuarantinedAt != null,
                x == null ? null : x.Outcome, x != null && x.GapClosed)).ToListAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var unverified = new List<UnverifiedSolution>();
        foreach (var row in rows.Where(r => !r.Quarantined))
            if (await WhyUnverifiedAsync(row, cancellationToken).ConfigureAwait(false) is { } reason)
                unverified.Add(new UnverifiedSolution(row.Id, row.ErrorId, row.Error, row.Description, reason));
        if (fix && unverified.Count > 0)
        {
            var now = time.GetUtcNow();
            await database.WriteAsync(async db =>
            {
                foreach (var u in unverified)
                    await db.Solutions.Where(s => s.Id == u.SolutionId && s.QuarantinedAt == null)
                        .ExecuteUpdateAsync(set => set.SetProperty(s => s.QuarantinedAt, now).SetProperty(s => s.QuarantineReason, u.Reason), cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        var checkedCount = rows.Count(r => !r.Quarantined);
        return new VerificationReport(checkedCount, checkedCount - unverified.Count, unverified, fix && unverified.Count > 0, rows.Count(r => r.Quarantined));
    }

    private async Task<string?> WhyUnverifiedAsync(Row row, CancellationToken cancellationToken)
    {
        if (row.CommitId is null) return "it links to no merged commit (stored before outcomes were verified, or not from a merged change)";
        if (row.Outcome is null) return "the attempt that stored it is not in the knowledge base";
        if (row.Outcome != ExperienceOutcome.Accepted) return $"the attempt that stored it ended {row.Outcome}, not as an accepted, merged change";
        if (!row.GapClosed) return "validation never measured the attempt's gap closed";
        if (row.Repository is null) return "it names no repository, so its commit cannot be checked";
        return await history.WhyNotInHistoryAsync(row.Repository, row.CommitId, cancellationToken).ConfigureAwait(false);
    }

    private sealed record Row(long Id, long ErrorId, string Error, string Description, string? CommitId, string? Repository, bool Quarantined, ExperienceOutcome? Outcome, bool GapClosed);
}

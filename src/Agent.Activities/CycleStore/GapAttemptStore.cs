using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.CycleStore;

/// <summary>A gap's failure count.</summary>
/// <param name="GapKey">The gap's key.</param>
/// <param name="Failures">Failed attempts since the last success.</param>
/// <param name="LastError">The last failure's reason.</param>
/// <param name="Parked">Whether it failed often enough to be skipped.</param>
public sealed record GapAttempts(string GapKey, int Failures, string? LastError, bool Parked);

/// <summary>
/// Counts failed attempts per gap and target, so a gap that keeps failing is parked (no-progress detection). The
/// cycle's Learn/Validate step records the outcome; FindGaps reads it.
/// </summary>
public sealed class GapAttemptStore(CycleDatabase database, IOptions<CycleStoreOptions> options)
{
    /// <summary>The counts of every gap of <paramref name="targetPath"/> that has failed at least once.</summary>
    public async Task<IReadOnlyDictionary<string, GapAttempts>> GetAsync(string targetPath, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var records = await db.GapAttempts.AsNoTracking().Where(a => a.TargetPath == targetPath).ToListAsync(cancellationToken).ConfigureAwait(false);
        return records.ToDictionary(r => r.GapKey, ToAttempts, StringComparer.Ordinal);
    }

    /// <summary>Adds one failure to <paramref name="gapKey"/>; returns the new count.</summary>
    public async Task<GapAttempts> RecordFailureAsync(string targetPath, string gapKey, string? error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gapKey);
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var record = await db.GapAttempts.SingleOrDefaultAsync(a => a.TargetPath == targetPath && a.GapKey == gapKey, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            record = new GapAttemptRecord { TargetPath = targetPath, GapKey = gapKey };
            db.GapAttempts.Add(record);
        }
        record.Failures++;
        record.LastError = error;
        record.LastFailedAtUtcTicks = at.UtcTicks;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return ToAttempts(record);
    }

    /// <summary>Clears the count of <paramref name="gapKey"/> (after a success, or to unpark it by hand).</summary>
    public async Task ResetAsync(string targetPath, string gapKey, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await db.GapAttempts.Where(a => a.TargetPath == targetPath && a.GapKey == gapKey).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private GapAttempts ToAttempts(GapAttemptRecord r) => new(r.GapKey, r.Failures, r.LastError, r.Failures >= options.Value.ParkAfterFailures);
}

using System.Globalization;
using Agent.Activities.Persistence;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Guards;

/// <summary>A guard's answer: allowed, or refused with the reason.</summary>
public sealed record GuardDecision(bool Allowed, string? Reason)
{
    /// <summary>Allowed.</summary>
    public static GuardDecision Allow { get; } = new(true, null);

    /// <summary>Refused because of <paramref name="reason"/>.</summary>
    public static GuardDecision Refuse(string reason) => new(false, reason);
}

/// <summary>A cycle's spend against its budget.</summary>
public sealed record BudgetStatus(string CycleId, long Tokens, decimal Usd, long MaxTokens, decimal MaxUsd)
{
    /// <summary>Why the budget is exceeded, or null while it is not.</summary>
    public string? Exceeded => Tokens > MaxTokens ? $"cycle {CycleId} used {Tokens} tokens, more than Guards:MaxTokensPerCycle = {MaxTokens}."
        : Usd > MaxUsd ? $"cycle {CycleId} cost {Usd.ToString("0.####", CultureInfo.InvariantCulture)} USD, more than Guards:MaxUsdPerCycle = {MaxUsd.ToString(CultureInfo.InvariantCulture)}."
        : null;
}

/// <summary>How a gap has fared: attempts, failures in a row, and whether it is parked.</summary>
public sealed record GapStatus(string Gap, int Attempts, int FailuresInARow, bool Parked, string? ParkedReason);

/// <summary>
/// Guards against runaway improvement loops: at most <see cref="GuardOptions.MaxCyclesPerDay"/> cycles per UTC day, a
/// token/USD budget per cycle, at most <see cref="GuardOptions.MaxAttemptsPerGap"/> attempts per gap, and no-progress
/// detection — a gap that fails <see cref="GuardOptions.ParkAfterFailures"/> times in a row is parked until someone
/// unparks it. Nothing starts while the <see cref="EmergencyStop"/> is active. Counters live in SQLite or PostgreSQL, so they hold
/// across restarts, processes and replicas; each check-and-record is one write transaction.
/// </summary>
public sealed class CycleGuard(CycleGuardStore store, EmergencyStop stop, IOptions<GuardOptions> options, TimeProvider clock)
{
    private readonly GuardOptions _options = options.Value;

    /// <summary>Starts cycle <paramref name="cycleId"/> if allowed (not stopped, under the daily limit) and counts it. Asking again for the same id is allowed and not counted twice.</summary>
    public Task<GuardDecision> TryBeginCycleAsync(string cycleId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cycleId);
        if (stop.Refusal() is { } refusal) return Task.FromResult(GuardDecision.Refuse(refusal));
        var now = clock.GetUtcNow();
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return store.InTransactionAsync(async c =>
        {
            if (await c.ScalarAsync("SELECT 1 FROM guard_cycles WHERE cycle_id = @id", cancellationToken, ("@id", cycleId)) is not null)
                return GuardDecision.Allow;
            var today = Convert.ToInt32(await c.ScalarAsync("SELECT COUNT(*) FROM guard_cycles WHERE day = @day", cancellationToken, ("@day", day)), CultureInfo.InvariantCulture);
            if (today >= _options.MaxCyclesPerDay)
                return GuardDecision.Refuse($"{today} cycles already started on {day} (UTC); Guards:MaxCyclesPerDay is {_options.MaxCyclesPerDay}.");
            await c.ExecuteAsync("INSERT INTO guard_cycles (cycle_id, started_at, day) VALUES (@id, @at, @day)", cancellationToken,
                ("@id", cycleId), ("@at", Format(now)), ("@day", day));
            return GuardDecision.Allow;
        }, cancellationToken);
    }

    /// <summary>
    /// Adds spend to a cycle's account and returns the account; <see cref="BudgetStatus.Exceeded"/> says when to stop.
    /// A charge is applied once per <paramref name="chargeId"/>: charging again with the same id (a step re-run after a
    /// crash) returns the account unchanged.
    /// </summary>
    public Task<BudgetStatus> ChargeAsync(string cycleId, string chargeId, long tokens, decimal usd, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        if (tokens < 0 || usd < 0) throw new ArgumentOutOfRangeException(nameof(tokens), "Spend cannot be negative.");
        return store.InTransactionAsync(async c =>
        {
            var (spentTokens, spentUsd) = await ReadSpendAsync(c, cycleId, cancellationToken);
            if (!await CycleGuardStore.TryApplyOnceAsync(c, $"charge:{chargeId}", Format(clock.GetUtcNow()), cancellationToken))
                return new BudgetStatus(cycleId, spentTokens, spentUsd, _options.MaxTokensPerCycle, _options.MaxUsdPerCycle);
            (spentTokens, spentUsd) = (spentTokens + tokens, spentUsd + usd);
            await c.ExecuteAsync("UPDATE guard_cycles SET tokens = @t, usd = @u WHERE cycle_id = @id", cancellationToken,
                ("@t", spentTokens), ("@u", spentUsd.ToString(CultureInfo.InvariantCulture)), ("@id", cycleId));
            return new BudgetStatus(cycleId, spentTokens, spentUsd, _options.MaxTokensPerCycle, _options.MaxUsdPerCycle);
        }, cancellationToken);
    }

    /// <summary>
    /// The id gap attempts are counted under: the target repository and the gap's key, so the same failing test name
    /// in two repositories is two gaps. FindGaps reads with it, the cycle's outcome recording writes with it.
    /// </summary>
    public static string GapId(string targetPath, string gapKey) => $"{targetPath}#{gapKey}";

    /// <summary>Why a gap with <paramref name="status"/> may not be attempted (parked, or out of attempts), or null.</summary>
    public string? WhyNotAttempt(GapStatus status) =>
        status.Parked ? $"gap '{status.Gap}' is parked: {status.ParkedReason} Unpark it to try again."
        : status.Attempts >= _options.MaxAttemptsPerGap ? $"gap '{status.Gap}' was attempted {status.Attempts} times; Guards:MaxAttemptsPerGap is {_options.MaxAttemptsPerGap}."
        : null;

    /// <summary>Whether gap <paramref name="gap"/> may be attempted (not parked, under the attempt limit, not stopped).</summary>
    public async Task<GuardDecision> CanAttemptGapAsync(string gap, CancellationToken cancellationToken = default)
    {
        if (stop.Refusal() is { } refusal) return GuardDecision.Refuse(refusal);
        return WhyNotAttempt(await GapAsync(gap, cancellationToken)) is { } why ? GuardDecision.Refuse(why) : GuardDecision.Allow;
    }

    /// <summary>
    /// Records an attempt at a gap; parks the gap after too many failures in a row or attempts in all. An attempt is
    /// counted once per <paramref name="attemptId"/>: recording it again (a step re-run after a crash) returns the gap's
    /// status unchanged.
    /// </summary>
    public Task<GapStatus> RecordAttemptAsync(string gap, string attemptId, string? cycleId, bool succeeded, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(attemptId);
        return store.InTransactionAsync(async c =>
        {
            if (!await CycleGuardStore.TryApplyOnceAsync(c, $"attempt:{attemptId}", Format(clock.GetUtcNow()), cancellationToken))
                return await ReadGapAsync(c, gap, cancellationToken);
            await c.ExecuteAsync("INSERT INTO guard_gap_attempts (gap, cycle_id, at, succeeded) VALUES (@gap, @cycle, @at, @ok)", cancellationToken,
                ("@gap", gap), ("@cycle", cycleId), ("@at", Format(clock.GetUtcNow())), ("@ok", succeeded ? 1 : 0));
            var status = await ReadGapAsync(c, gap, cancellationToken);
            string? reason = null;
            if (status.FailuresInARow >= _options.ParkAfterFailures) reason = $"no progress: {status.FailuresInARow} failed attempts in a row (Guards:ParkAfterFailures = {_options.ParkAfterFailures}).";
            else if (!succeeded && status.Attempts >= _options.MaxAttemptsPerGap) reason = $"{status.Attempts} attempts (Guards:MaxAttemptsPerGap = {_options.MaxAttemptsPerGap}).";
            if (reason is null || status.Parked) return status;
            await c.ExecuteAsync("INSERT INTO guard_parked_gaps (gap, parked_at, reason) VALUES (@gap, @at, @reason) ON CONFLICT (gap) DO NOTHING", cancellationToken,
                ("@gap", gap), ("@at", Format(clock.GetUtcNow())), ("@reason", reason));
            return status with { Parked = true, ParkedReason = reason };
        }, cancellationToken);
    }

    /// <summary>What <paramref name="cycleId"/> has spent so far, or null when the cycle was not started through the guard.</summary>
    public Task<BudgetStatus?> SpentAsync(string cycleId, CancellationToken cancellationToken = default) =>
        store.InTransactionAsync<BudgetStatus?>(async c =>
        {
            var known = await c.ScalarAsync("SELECT COUNT(*) FROM guard_cycles WHERE cycle_id = @id", cancellationToken, ("@id", cycleId));
            if (Convert.ToInt64(known, CultureInfo.InvariantCulture) == 0) return null;
            var (tokens, usd) = await ReadSpendAsync(c, cycleId, cancellationToken);
            return new BudgetStatus(cycleId, tokens, usd, _options.MaxTokensPerCycle, _options.MaxUsdPerCycle);
        }, cancellationToken);

    /// <summary>A gap's status.</summary>
    public Task<GapStatus> GapAsync(string gap, CancellationToken cancellationToken = default) =>
        store.InTransactionAsync(c => ReadGapAsync(c, gap, cancellationToken), cancellationToken);

    /// <summary>Unparks a gap and forgets its attempts, so it can be tried afresh.</summary>
    public Task UnparkAsync(string gap, CancellationToken cancellationToken = default) =>
        store.InTransactionAsync(async c =>
        {
            await c.ExecuteAsync("DELETE FROM guard_parked_gaps WHERE gap = @gap; DELETE FROM guard_gap_attempts WHERE gap = @gap", cancellationToken, ("@gap", gap));
            return 0;
        }, cancellationToken);

    private static string Format(DateTimeOffset at) => CycleGuardStore.Format(at);

    private static async Task<(long Tokens, decimal Usd)> ReadSpendAsync(SqlSession c, string cycleId, CancellationToken cancellationToken)
    {
        await using var command = c.Command("SELECT tokens, usd FROM guard_cycles WHERE cycle_id = @id", ("@id", cycleId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException($"Cycle '{cycleId}' was not started through CycleGuard.TryBeginCycleAsync; start it first.");
        return (reader.GetInt64(0), decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture));
    }

    private static async Task<GapStatus> ReadGapAsync(SqlSession c, string gap, CancellationToken cancellationToken)
    {
        // rowid: SQLite's implicit insertion order, and PostgreSQL's identity column of the same name.
        var attempts = await c.ListAsync("SELECT succeeded FROM guard_gap_attempts WHERE gap = @gap ORDER BY rowid", r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture) != 0,
            cancellationToken, ("@gap", gap));
        var failuresInARow = attempts.AsEnumerable().Reverse().TakeWhile(ok => !ok).Count();
        var parked = await c.ScalarAsync("SELECT reason FROM guard_parked_gaps WHERE gap = @gap", cancellationToken, ("@gap", gap)) as string;
        return new GapStatus(gap, attempts.Count, failuresInARow, parked is not null, parked);
    }
}

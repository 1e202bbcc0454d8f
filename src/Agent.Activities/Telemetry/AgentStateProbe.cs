using System.Globalization;
using Agent.Activities.Approvals;
using Agent.Activities.Claude;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Guards;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Budgets;
using Agent.Activities.Safety.Events;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Telemetry;

/// <summary>A budget's use: spent over limit, for one scope (<c>day</c>, <c>month</c>) and one limit (<c>usd</c>, <c>tokens</c>).</summary>
public sealed record BudgetUse(string Scope, string Limit, double Ratio);

/// <summary>
/// Reads what the gauges report from the stores themselves (tasks, Claude jobs, approvals, the spend ledger, incidents,
/// the audit log, the stop file), never from counters kept in this process: a restarted replica, or a second one on the
/// same database, reports the same numbers. A store that is not registered in this host reads as nothing.
/// </summary>
public sealed class AgentStateProbe(
    TimeProvider clock, TaskStore? tasks = null, IOptions<ClaudeJobsOptions>? jobs = null, ApprovalService? approvals = null,
    SpendBudget? budget = null, KnowledgeDatabase? knowledge = null, AuditLog? audit = null, EmergencyStop? stop = null,
    IOptions<DatabaseOptions>? database = null)
{
    // Its own handle on the jobs store (file or schema): ClaudeJobs keeps its store private, and counting needs no live state.
    private readonly ClaudeJobStore? _jobs = jobs?.Value.DatabasePath is { Length: > 0 } path
        ? new ClaudeJobStore(path, database?.Value ?? new DatabaseOptions())
        : null;

    /// <summary>Tasks per status (queued, leased, done, parked, cancelled).</summary>
    public async Task<IReadOnlyDictionary<string, long>> TaskCountsAsync(CancellationToken cancellationToken) =>
        tasks is null ? Empty : await tasks.CountByStatusAsync(cancellationToken);

    /// <summary>Claude jobs per state (queued, running, succeeded, failed, cancelled, interrupted).</summary>
    public async Task<IReadOnlyDictionary<string, long>> ClaudeJobCountsAsync(CancellationToken cancellationToken) =>
        _jobs is null ? Empty : await _jobs.CountByStateAsync(cancellationToken);

    /// <summary>How many approvals wait for a person, and how long the oldest has waited (zero when none waits).</summary>
    public async Task<(int Waiting, TimeSpan OldestAge)?> ApprovalsAsync(CancellationToken cancellationToken)
    {
        if (approvals is null) return null;
        var pending = await approvals.ListPendingAsync(cancellationToken);
        if (pending.Count == 0) return (0, TimeSpan.Zero);
        var age = clock.GetUtcNow() - pending.Min(p => p.CreatedAt);
        return (pending.Count, age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }

    /// <summary>The day's and the month's budget use, per limit that is set (a limit of 0 means none and is left out).</summary>
    public async Task<IReadOnlyList<BudgetUse>> BudgetUseAsync(CancellationToken cancellationToken)
    {
        if (budget is null) return [];
        var uses = new List<BudgetUse>();
        foreach (var scope in await budget.StatusAsync(null, cancellationToken))
        {
            if (scope.MaxUsd > 0) uses.Add(new BudgetUse(scope.Name, "usd", (double)(scope.Spent.Usd / scope.MaxUsd)));
            if (scope.MaxTokens > 0) uses.Add(new BudgetUse(scope.Name, "tokens", scope.Spent.Tokens / (double)scope.MaxTokens));
        }
        return uses;
    }

    /// <summary>Incidents recorded in the knowledge base, per kind.</summary>
    public async Task<IReadOnlyDictionary<string, long>> IncidentCountsAsync(CancellationToken cancellationToken)
    {
        if (knowledge is null) return Empty;
        var rows = await knowledge.ReadAsync(db => db.Incidents.GroupBy(i => i.Kind).Select(g => new { Kind = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken), cancellationToken);
        return rows.ToDictionary(r => r.Kind, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>Whether this host keeps an audit log, where merges are recorded.</summary>
    public bool HasAuditLog => audit is not null;

    /// <summary>When the last change was merged (the newest <c>change.merged</c> audit record), or null when none ever was.</summary>
    public async Task<DateTimeOffset?> LastMergeAsync(CancellationToken cancellationToken)
    {
        if (audit is null) return null;
        var latest = await audit.ListAsync(SafetyEventKinds.ChangeMerged, 1, cancellationToken);
        return latest.Count == 0 ? null : DateTimeOffset.Parse(latest[0].At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Whether the emergency stop is engaged; null when this host has no guards.</summary>
    public bool? EmergencyStopEngaged() => stop is null ? null : stop.Status() is not null;

    private static IReadOnlyDictionary<string, long> Empty => System.Collections.Frozen.FrozenDictionary<string, long>.Empty;
}

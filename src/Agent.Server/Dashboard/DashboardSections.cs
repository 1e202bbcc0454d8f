using Agent.Activities.Approvals;
using Agent.Activities.Claude;
using Agent.Activities.Discovery.Persistence;
using Agent.Activities.Guards;
using Agent.Activities.Learning.Incidents;
using Agent.Activities.Safety.Budgets;
using Microsoft.Extensions.Options;

namespace Agent.Server.Dashboard;

/// <summary>A Claude job as the dashboard lists it.</summary>
public sealed record JobRow(string Id, string State, string WorkingDirectory, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, int Turns, decimal CostUsd, string? LastEvent, string? Error);

/// <summary>An incident as the dashboard lists it.</summary>
public sealed record IncidentRow(long Id, string Kind, string Message, string? Repository, string? InstanceId, string? Gap, DateTimeOffset OccurredAt);

/// <summary>Spend against one budget; <see cref="Percent"/> is the larger of the token and USD share, null without any limit.</summary>
public sealed record BudgetRow(string Name, string Key, long SpentTokens, decimal SpentUsd, int Runs, long MaxTokens, decimal MaxUsd, double? Percent, string? Exhausted, DateTimeOffset? ResetsAt);

/// <summary>The emergency stop: engaged or not, and who engaged it, when and why.</summary>
public sealed record StopRow(bool Engaged, DateTimeOffset? At, string? By, string? Reason);

/// <summary>
/// Reads the current data of each live section of the dashboard from the existing services (the same ones the CLI and
/// the API use). The endpoints serve these, and <see cref="DashboardChangeFeed"/> compares them to find changes.
/// </summary>
public sealed class DashboardSections(
    DashboardCycles cycles, ApprovalService approvals, ClaudeJobs jobs, IncidentStore incidents, SpendBudget budget, EmergencyStop stop,
    CapabilityStore capabilities, IOptions<DashboardOptions> options)
{
    private int Take => options.Value.RecentItems;

    /// <summary>Recent improvement cycles, newest first.</summary>
    public Task<IReadOnlyList<CycleRow>> CyclesAsync(CancellationToken cancellationToken) => cycles.RecentAsync(cancellationToken);

    /// <summary>Approvals waiting for a decision, oldest first.</summary>
    public Task<IReadOnlyList<PendingApproval>> ApprovalsAsync(CancellationToken cancellationToken) => approvals.ListPendingAsync(cancellationToken);

    /// <summary>Recent Claude jobs, newest first.</summary>
    public async Task<IReadOnlyList<JobRow>> JobsAsync(CancellationToken cancellationToken) =>
        [.. (await jobs.ListAsync(null, Take, cancellationToken)).Select(j => new JobRow(j.Id, j.State, j.WorkingDirectory, j.CreatedAt, j.EndedAt, j.Turns, j.CostUsd, j.LastEvent, j.Error))];

    /// <summary>Recent incidents, newest first.</summary>
    public async Task<IReadOnlyList<IncidentRow>> IncidentsAsync(CancellationToken cancellationToken) =>
        [.. (await incidents.ListAsync(Take, cancellationToken)).Select(i => new IncidentRow(i.Id, i.Kind, i.Message, i.Repository, i.InstanceId, i.Gap, i.OccurredAt))];

    /// <summary>Spend of today and of this month against their budgets.</summary>
    public async Task<IReadOnlyList<BudgetRow>> BudgetAsync(CancellationToken cancellationToken) =>
        [.. (await budget.StatusAsync(null, cancellationToken)).Select(b => new BudgetRow(b.Name, b.Key, b.Spent.Tokens, b.Spent.Usd, b.Spent.Runs, b.MaxTokens, b.MaxUsd,
            Percent(b), b.Exhausted, b.ResetsAt))];

    /// <summary>The emergency stop's state.</summary>
    public StopRow Stop() => stop.Status() is { } s ? new StopRow(true, s.At, s.By, s.Reason) : new StopRow(false, null, null, null);

    /// <summary>The tools in the capability map, by server and name.</summary>
    public Task<IReadOnlyList<MappedTool>> CapabilitiesAsync(CancellationToken cancellationToken) => capabilities.CurrentToolsAsync(cancellationToken);

    // The fuller of the two limits is the one that stops the agent first.
    private static double? Percent(BudgetScope b)
    {
        double? tokens = b.MaxTokens > 0 ? 100.0 * b.Spent.Tokens / b.MaxTokens : null;
        double? usd = b.MaxUsd > 0 ? (double)(100m * b.Spent.Usd / b.MaxUsd) : null;
        return tokens is null ? usd : usd is null ? tokens : Math.Max(tokens.Value, usd.Value);
    }
}

using System.Globalization;
using Agent.Activities.Safety.Events;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Budgets;

/// <summary>
/// At most <see cref="BudgetOptions.MaxSelfModificationsPerDay"/> changes merged into the agent's own repository
/// (<c>Validation:AgentRepository</c>) in any 24 hours and <see cref="BudgetOptions.MaxSelfModificationsPerWeek"/> in any
/// 7 days. The windows roll, so the refusal can say exactly when the next self-modification is allowed.
/// </summary>
public sealed class SelfModificationRateLimit(SpendLedger ledger, IOptions<BudgetOptions> options, IOptions<ValidationOptions> validation, TimeProvider clock, ISafetyEventSink? sink = null)
{
    private readonly BudgetOptions _options = options.Value;

    /// <summary>Whether <paramref name="target"/> is the agent's own repository.</summary>
    public bool IsAgentRepository(string target) =>
        validation.Value.AgentRepository is { Length: > 0 } agent
        && string.Equals(Path.GetFullPath(agent).TrimEnd('/'), Path.GetFullPath(target).TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>
    /// Why a cycle on <paramref name="target"/> may not attempt a self-modification now (a <c>budget.exceeded</c> event is
    /// published), or null when it may (or the target is not the agent's repository).
    /// </summary>
    public async Task<string?> WhyNotAsync(string target, CancellationToken cancellationToken)
    {
        if (!IsAgentRepository(target)) return null;
        var now = clock.GetUtcNow();
        var week = await ledger.SelfModificationsSinceAsync(now.AddDays(-7), cancellationToken);
        var day = week.Where(at => at > now.AddDays(-1)).ToList();
        var why = Over(day, _options.MaxSelfModificationsPerDay, TimeSpan.FromDays(1), "24 hours", "MaxSelfModificationsPerDay")
            ?? Over(week, _options.MaxSelfModificationsPerWeek, TimeSpan.FromDays(7), "7 days", "MaxSelfModificationsPerWeek");
        if (why is not null && sink is not null)
            await sink.PublishAsync(SafetyEvent.Create(SafetyEventKinds.BudgetExceeded, "agent", why, new Dictionary<string, string> { ["target"] = target, ["limit"] = "self-modification" }, clock), cancellationToken);
        return why;
    }

    /// <summary>Counts a change merged into <paramref name="target"/> when it is the agent's repository; the same <paramref name="commit"/> counts once.</summary>
    public async Task RecordMergeAsync(string target, string commit, CancellationToken cancellationToken)
    {
        if (IsAgentRepository(target)) await ledger.RecordSelfModificationAsync(commit, clock.GetUtcNow(), Path.GetFullPath(target), cancellationToken);
    }

    private static string? Over(IReadOnlyList<DateTimeOffset> merges, int limit, TimeSpan window, string span, string setting)
    {
        if (limit <= 0 || merges.Count < limit) return null;
        // The window frees a slot when the merge that makes the count reach the limit leaves it.
        var until = merges[merges.Count - limit] + window;
        return $"self-modification rate limited until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: {merges.Count} change(s) merged into the agent's own repository in the last {span} (Safety:Budgets:{setting} = {limit}).";
    }
}

using Agent.Activities.Claude;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Events;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Budgets;

/// <summary>
/// The day, month and cycle budgets of Claude runs. Before a run: refuses it (with a <c>budget.exceeded</c> event) when
/// any budget is spent, else hands it the tightest remaining tokens and USD, which the runner enforces while the stream
/// runs (tokens) and the CLI enforces through <c>--max-budget-usd</c>. After a run: charges what it spent to the ledger.
/// </summary>
public sealed class SpendBudget(SpendLedger ledger, IOptions<BudgetOptions> options, IOptions<GuardOptions> guards, TimeProvider clock, ISafetyEventSink? sink = null)
    : IClaudeSpendGate
{
    private readonly BudgetOptions _options = options.Value;
    private readonly GuardOptions _guards = guards.Value;

    /// <summary>The budgets that apply now: the cycle's (when <paramref name="account"/> is given), the day's and the month's.</summary>
    public async Task<IReadOnlyList<BudgetScope>> StatusAsync(string? account, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var scopes = new List<BudgetScope>();
        if (account is { Length: > 0 })
            scopes.Add(new BudgetScope("cycle", account, await ledger.AccountAsync(account, cancellationToken), _guards.MaxTokensPerCycle, _guards.MaxUsdPerCycle,
                "Guards:MaxTokensPerCycle", "Guards:MaxUsdPerCycle", null));
        var day = now.UtcDateTime.Date;
        scopes.Add(new BudgetScope("day", SpendLedger.Day(now), await ledger.DayAsync(now, cancellationToken), _options.MaxTokensPerDay, _options.MaxUsdPerDay,
            "Safety:Budgets:MaxTokensPerDay", "Safety:Budgets:MaxUsdPerDay", new DateTimeOffset(day.AddDays(1), TimeSpan.Zero)));
        var month = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        scopes.Add(new BudgetScope("month", SpendLedger.Month(now), await ledger.MonthAsync(now, cancellationToken), _options.MaxTokensPerMonth, _options.MaxUsdPerMonth,
            "Safety:Budgets:MaxTokensPerMonth", "Safety:Budgets:MaxUsdPerMonth", new DateTimeOffset(month.AddMonths(1), TimeSpan.Zero)));
        return scopes;
    }

    /// <inheritdoc />
    public async Task<ClaudeSpendGrant> BeforeRunAsync(ClaudeRunRequest request, CancellationToken cancellationToken)
    {
        var scopes = await StatusAsync(request.BudgetAccount, cancellationToken);
        if (scopes.Select(s => s.Exhausted).FirstOrDefault(e => e is not null) is { } exhausted)
        {
            var refusal = $"The Claude run was not started: {exhausted}";
            await PublishAsync(refusal, request, "before run", cancellationToken);
            return new ClaudeSpendGrant(refusal, request.Budget);
        }
        // Min over nullables ignores the nulls (no limit) and is null when nothing limits.
        var tokens = scopes.Select(s => s.RemainingTokens).Append(request.Budget?.MaxTokens).Min();
        var usd = scopes.Select(s => s.RemainingUsd).Append(request.Budget?.MaxUsd).Min();
        return new ClaudeSpendGrant(null, tokens is null && usd is null ? null : new ClaudeBudget(tokens, usd));
    }

    /// <inheritdoc />
    public async Task AfterRunAsync(ClaudeRunRequest request, ClaudeRunResult result, CancellationToken cancellationToken)
    {
        await ledger.ChargeAsync(Guid.NewGuid().ToString("N"), clock.GetUtcNow(), request.BudgetAccount, result.Usage.Total, result.CostUsd,
            request.BudgetAccount is null ? "claude" : "cycle", cancellationToken);
        if (result.Subtype == ClaudeRunSubtypes.BudgetExceeded)
            await PublishAsync($"A Claude run was stopped by its budget: {result.Error}", request, "during run", cancellationToken);
    }

    private async Task PublishAsync(string summary, ClaudeRunRequest request, string stage, CancellationToken cancellationToken)
    {
        if (sink is null) return;
        var data = new Dictionary<string, string> { ["stage"] = stage, ["workingDirectory"] = request.WorkingDirectory };
        if (request.BudgetAccount is { } account) data["cycleId"] = account;
        await sink.PublishAsync(SafetyEvent.Create(SafetyEventKinds.BudgetExceeded, "agent", summary, data, clock), cancellationToken);
    }
}

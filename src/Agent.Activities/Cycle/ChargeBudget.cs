using System.Globalization;
using Agent.Activities.Claude;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.Cycle;

/// <summary>
/// Charges what Claude Code spent (tokens and US dollars of every run of the cycle's ClaudeExecute) to the cycle's
/// budget (<see cref="CycleGuard.ChargeAsync"/>). <c>Exceeded</c> when the cycle went over Guards:MaxTokensPerCycle or
/// Guards:MaxUsdPerCycle: the change is then discarded, whatever it is worth. <c>Failed</c> when a run failed (or was
/// interrupted by a restart, or refused by the emergency stop): there is nothing to validate. The charge is keyed by
/// the execution's id, so re-running this step after a crash does not charge twice.
/// </summary>
[Activity("Agent", "Improvement cycle", "Charges Claude's tokens and cost to the cycle's budget; routes on whether the runs succeeded and the budget holds.", DisplayName = "Charge Budget")]
[FlowNode(WithinOutcome, ExceededOutcome, FailedOutcome)]
public sealed class ChargeBudget : IActivity
{
    /// <summary>The cycle is within its budget.</summary>
    public const string WithinOutcome = "Within";
    /// <summary>The cycle spent more than its budget.</summary>
    public const string ExceededOutcome = "Exceeded";
    /// <summary>A run failed: the change is not worth validating.</summary>
    public const string FailedOutcome = "Failed";

    /// <summary>The cycle.</summary>
    [Input(Description = "The cycle's id (BeginCycle's cycleId).", Order = 0)]
    [Required]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>The runs to charge.</summary>
    [Input(Description = "ClaudeExecute's results (each with costUsd and tokens.total).", Order = 1)]
    public Input<List<ClaudeRunSummary>> Results { get; set; } = null!;

    /// <summary>Why the budget is exceeded.</summary>
    [Output(Description = "Why the budget is exceeded, or empty.")]
    public Output<string> Reason { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var cycleId = context.Get(CycleId);
        if (string.IsNullOrWhiteSpace(cycleId)) throw new WorkflowFaultException($"{context.ActivityId}: 'cycleId' is required; bind it to BeginCycle's cycleId.", ActivityInputs.InvalidInputCode);
        var runs = context.Get(Results) ?? [];
        var tokens = runs.Sum(r => r.Tokens?.Total ?? 0);
        var usd = (decimal)runs.Sum(r => r.CostUsd);
        var budget = await context.GetRequiredService<CycleGuard>().ChargeAsync(cycleId, context.ExecutionId, tokens, usd, context.CancellationToken);
        context.WriteLine($"claude: {runs.Count(r => r.Success)}/{runs.Count} run(s) succeeded, {tokens} tokens, {usd.ToString("0.####", CultureInfo.InvariantCulture)} USD");
        context.Set(Reason, budget.Exceeded ?? "");
        if (budget.Exceeded is { } exceeded)
            await context.GetService<ISafetyEventSink>().PublishOnceAsync(cycleId, SafetyEventKinds.BudgetExceeded, "agent", $"Budget exceeded: {exceeded}",
                new Dictionary<string, string>
                {
                    ["cycle"] = cycleId, ["scope"] = "cycle", ["tokens"] = budget.Tokens.ToString(CultureInfo.InvariantCulture),
                    ["usd"] = budget.Usd.ToString("0.####", CultureInfo.InvariantCulture), ["instance"] = context.InstanceId,
                }, context.Now, context.CancellationToken);
        context.Complete(budget.Exceeded is not null ? ExceededOutcome : runs.Count == 0 || runs.Any(r => !r.Success) ? FailedOutcome : WithinOutcome);
    }
}

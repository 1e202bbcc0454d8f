using Agent.Activities.Assessment;
using Agent.Activities.Cluster;
using Agent.Activities.Goals;
using Agent.Activities.Guards;
using Agent.Activities.Safety.Budgets;
using Agent.Activities.Safety.Policy;
using Agent.Activities.Safety.Audit;
using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Cycle;

/// <summary>
/// Starts an improvement cycle: resolves the target (the <c>targetPath</c> input, else <see cref="CycleOptions.TargetRepository"/>),
/// checks it is a git repository whose goals file and policy (if any) are valid, takes the target's lock
/// (<see cref="CycleTargetLocks"/>: no other cycle executes on it) and asks the <see cref="CycleGuard"/> (emergency stop, cycles per day). The cycle's id
/// is the instance's id, so asking again after a crash is not counted twice.
/// </summary>
[Activity("Agent", "Improvement cycle", "Starts a cycle: resolves the target repository and asks the guards (emergency stop, cycles per day).", DisplayName = "Begin Cycle")]
[FlowNode(BegunOutcome, RefusedOutcome, InvalidOutcome)]
public sealed class BeginCycle : IActivity
{
    /// <summary>The cycle may run.</summary>
    public const string BegunOutcome = "Begun";
    /// <summary>A guard refused the cycle.</summary>
    public const string RefusedOutcome = "Refused";
    /// <summary>The target is missing, not a git repository, or its goals file or policy is invalid.</summary>
    public const string InvalidOutcome = "Invalid";

    /// <summary>The target repository.</summary>
    [Input(Description = "The git repository to improve; empty = Cycle:TargetRepository.", Order = 0)]
    public Input<string> TargetPath { get; set; } = null!;

    /// <summary>The resolved target.</summary>
    [Output(Description = "The target repository's top-level folder.")]
    public Output<string> Target { get; set; } = null!;

    /// <summary>The cycle's id.</summary>
    [Output(Description = "The cycle's id (the instance id).")]
    public Output<string> CycleId { get; set; } = null!;

    /// <summary>Whether the cycle stops after planning.</summary>
    [Output(Description = "true when the cycle only assesses (Cycle:AssessOnly): measure, rank, research and plan, change nothing.")]
    public Output<bool> AssessOnly { get; set; } = null!;

    /// <summary>Why the cycle did not begin.</summary>
    [Output(Description = "Why the cycle was refused or its input is invalid.")]
    public Output<string> Reason { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var cycleId = context.InstanceId;
        context.Set(CycleId, cycleId);
        var options = context.GetRequiredService<IOptions<CycleOptions>>().Value;
        context.Set(AssessOnly, options.AssessOnly);
        var target = context.Get(TargetPath) is { Length: > 0 } given ? given : options.TargetRepository;
        context.Set(Target, target ?? "");
        if (string.IsNullOrWhiteSpace(target))
        {
            End(context, InvalidOutcome, "no target repository: start the cycle with input targetPath=<git repository>, or set Cycle:TargetRepository.");
            return;
        }
        try
        {
            target = await context.GetRequiredService<GitRepositoryProbe>().RequireRootAsync(Path.GetFullPath(target), context.CancellationToken);
        }
        catch (AssessmentException e)
        {
            End(context, InvalidOutcome, e.Message);
            return;
        }
        context.Set(Target, target);
        // Where the target's changes would be measured must build like the target itself; refuse before measuring anything.
        if (context.GetRequiredService<TaskWorktrees>().WhyNotPlaceable(target) is { } misplaced)
        {
            End(context, InvalidOutcome, misplaced);
            return;
        }
        try
        {
            // A broken goals file is bad input like a missing target: refuse it before measuring anything.
            await context.GetRequiredService<GoalsFileReader>().LoadAsync(target, context.CancellationToken);
        }
        catch (GoalsFileException e)
        {
            End(context, InvalidOutcome, e.Message);
            return;
        }
        // A malformed policy (the agent's or the target's) is refused like a broken goals file: no cycle runs on a policy it cannot read.
        if (await context.GetRequiredService<PolicyGate>().WhyUnusableAsync(target, context.CancellationToken) is { } policyProblem)
        {
            End(context, InvalidOutcome, policyProblem);
            return;
        }
        // A cycle on the agent's own repository exists to self-modify: past the rate limit it is not started at all.
        if (context.GetService<SelfModificationRateLimit>() is { } rate && await rate.WhyNotAsync(target, context.CancellationToken) is { } limited)
        {
            End(context, RefusedOutcome, $"cycle refused: {limited}");
            return;
        }
        // One cycle executes on a target at a time, in any process or replica; asked before the guard counts this cycle.
        if (context.GetService<CycleTargetLocks>() is { } targets && await targets.TryHoldAsync(target, cycleId, context.CancellationToken) is { } busy)
        {
            End(context, RefusedOutcome, $"cycle refused: {busy}");
            return;
        }
        var decision = await context.GetRequiredService<CycleGuard>().TryBeginCycleAsync(cycleId, context.CancellationToken);
        if (!decision.Allowed)
        {
            End(context, RefusedOutcome, $"cycle refused: {decision.Reason}");
            return;
        }
        // Audits a changed policy, goals file or safety settings once per change (null where no audit is registered).
        if (context.GetService<ConfigChangeRecorder>() is { } config) await config.RecordIfChangedAsync(target, context.CancellationToken);
        context.WriteLine($"cycle {cycleId[..Math.Min(8, cycleId.Length)]}: {(options.AssessOnly ? "assessing (assessment only, nothing is changed)" : "improving")} {target}");
        context.Complete(BegunOutcome);
    }

    private void End(ActivityExecutionContext context, string outcome, string reason)
    {
        context.Set(Reason, reason);
        context.WriteLine(reason);
        context.Complete(outcome);
    }
}

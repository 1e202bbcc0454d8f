using Agent.Activities.Safety.Events;

namespace Agent.Activities.Safety.Policy;

/// <summary>
/// The policy as the cycle asks it: loads the effective policy for a target (refusing a malformed one), decides an
/// action, and publishes <see cref="SafetyEventKinds.PolicyDenied"/> for every denial through the registered
/// <see cref="ISafetyEventSink"/>s (none registered = nothing published; the audit's <c>AddSafetyAudit</c> registers one).
/// </summary>
public sealed class PolicyGate(IPolicyProvider provider, IEnumerable<ISafetyEventSink> sinks, TimeProvider clock)
{
    /// <summary>
    /// Loads the policy for <paramref name="targetRoot"/>; returns why it cannot be used (file, line and what to fix), or
    /// null when it is valid. A cycle does not start while it returns a message.
    /// </summary>
    public async Task<string?> WhyUnusableAsync(string targetRoot, CancellationToken cancellationToken)
    {
        try
        {
            await provider.LoadAsync(targetRoot, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (PolicyFileException e)
        {
            return $"the policy cannot be used, so no cycle starts: {e.Message}";
        }
    }

    /// <summary>
    /// Decides <paramref name="action"/> under the policy of <paramref name="targetRoot"/> in <paramref name="context"/>
    /// (its <see cref="PolicyContext.Now"/> is replaced by the clock's time when default), publishing a denial.
    /// </summary>
    /// <param name="action">What is about to happen.</param>
    /// <param name="context">Where and for what task.</param>
    /// <param name="targetRoot">The target whose policy applies.</param>
    /// <param name="actor">Who asked (<c>agent</c>, <c>claude</c>, <c>cli</c>).</param>
    /// <param name="data">Details for the event (cycle id, task id…).</param>
    /// <param name="cancellationToken">Cancels loading and publishing.</param>
    /// <exception cref="PolicyFileException">The policy became malformed since the cycle started.</exception>
    public async Task<PolicyDecision> DecideAsync(PolicyAction action, PolicyContext context, string? targetRoot, string actor,
        IReadOnlyDictionary<string, string>? data, CancellationToken cancellationToken)
    {
        var policy = await provider.LoadAsync(targetRoot, cancellationToken).ConfigureAwait(false);
        var decision = policy.Evaluate(action, context.Now == default ? context with { Now = clock.GetUtcNow() } : context);
        if (decision.Effect == PolicyEffect.Deny) await PublishDenialAsync(action, decision, targetRoot, actor, data, cancellationToken).ConfigureAwait(false);
        return decision;
    }

    /// <summary>Publishes <see cref="SafetyEventKinds.PolicyDenied"/> for <paramref name="decision"/> (for callers that evaluate themselves, such as the hook).</summary>
    public async Task PublishDenialAsync(PolicyAction action, PolicyDecision decision, string? targetRoot, string actor,
        IReadOnlyDictionary<string, string>? data, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string>(data ?? new Dictionary<string, string>())
        {
            ["action"] = action.Class, ["rule"] = decision.RuleId, ["ruleSource"] = decision.Source, ["reason"] = decision.Reason,
        };
        if (targetRoot is not null) details["target"] = targetRoot;
        if (action.Tool is { } tool) details["tool"] = tool;
        if (action.Path is { } path) details["path"] = path;
        if (action.Command is { } command) details["command"] = command;
        if (action.Host is { } host) details["host"] = host;
        var what = action.Command ?? action.Path ?? action.Host ?? action.Package ?? action.Class;
        var denied = SafetyEvent.Create(SafetyEventKinds.PolicyDenied, actor, $"policy rule '{decision.RuleId}' denied {action.Class} {what}: {decision.Reason}", details, clock);
        foreach (var sink in sinks) await sink.PublishAsync(denied, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A 0–1 risk score from the risk assessment's reasons (0 none, 0.5 one, 0.75 two, …): what <c>risk: { above: … }</c>
    /// conditions compare with for a merge.
    /// </summary>
    public static double RiskScore(int reasons) => 1 - Math.Pow(0.5, Math.Max(0, reasons));
}

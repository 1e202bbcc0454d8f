using Agent.Activities.Approvals;
using Agent.Activities.Safety.Policy;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Connects integration attempts with approvals: an attempt the safety policy denies (<c>tool.integrate</c>) is
/// rejected, whoever approves it; a server the auto-approve list allows (<see cref="AutoApprovePolicy"/>, the operator's
/// standing approval) is integrated at once; any other waits for a <see cref="HumanApproval"/>-style approval whose id
/// is kept on the attempt, and the recorded decision integrates or rejects it.
/// </summary>
public sealed class IntegrationApprovalGate(IntegrationManager manager, IntegrationAttemptStore attempts, AutoApprovePolicy policy, PolicyGate safetyPolicy, TimeProvider clock)
{
    /// <summary>
    /// Rejects an awaiting attempt the safety policy denies, or integrates it when the auto-approve list allows its
    /// server; null when a human must decide.
    /// </summary>
    public async Task<IntegrationAttempt?> TryAutoApproveAsync(IntegrationAttempt attempt, CancellationToken cancellationToken = default) =>
        await RejectIfDeniedAsync(attempt, cancellationToken)
        ?? (policy.AllowedBy(attempt.ServerName, attempt.Name) is { } pattern
            ? await manager.ApproveAsync(attempt.Id, $"policy (Discovery:AutoApprove '{pattern}')", cancellationToken)
            : null);

    /// <summary>Rejects <paramref name="attempt"/> with the rule and reason when the safety policy denies <c>tool.integrate</c> for it (publishing the denial); null otherwise.</summary>
    public async Task<IntegrationAttempt?> RejectIfDeniedAsync(IntegrationAttempt attempt, CancellationToken cancellationToken = default)
    {
        // 'npm @scope/name@1.2.3' is written 'npm:@scope/name@1.2.3' in policy package globs.
        var package = attempt.Package is { } p && p.IndexOf(' ') is var space and > 0 ? $"{p[..space]}:{p[(space + 1)..]}" : attempt.Package;
        var data = new Dictionary<string, string> { ["attempt"] = attempt.Id };
        if (attempt.ServerName is { } server) data["server"] = server;
        var decision = await safetyPolicy.DecideAsync(new PolicyAction(PolicyActionClasses.ToolIntegrate, Tool: attempt.Name, Package: package),
            new PolicyContext(clock.GetUtcNow(), TargetRoot: attempt.Target), attempt.Target, "agent", data, cancellationToken);
        return decision.Effect == PolicyEffect.Deny
            ? await manager.RejectAsync(attempt.Id, $"refused by the policy: rule '{decision.RuleId}' ({decision.Source}): {decision.Reason}", cancellationToken)
            : null;
    }

    /// <summary>Records that approval <paramref name="approvalId"/> decides <paramref name="attempt"/>.</summary>
    public async Task<IntegrationAttempt> LinkAsync(IntegrationAttempt attempt, string approvalId, CancellationToken cancellationToken = default)
    {
        var linked = attempt with { ApprovalId = approvalId, UpdatedAt = clock.GetUtcNow() };
        await attempts.SaveAsync(linked, cancellationToken);
        return linked;
    }

    /// <summary>Acts on the decision of the approval that decides an attempt: approved integrates, anything else rejects.</summary>
    /// <exception cref="IntegrationException">No attempt waits for this approval.</exception>
    public async Task<IntegrationAttempt> ApplyAsync(ApprovalRecord decision, CancellationToken cancellationToken = default)
    {
        var attempt = await attempts.FindByApprovalAsync(decision.ApprovalId, cancellationToken)
            ?? throw new IntegrationException($"No integration attempt waits for approval '{decision.ApprovalId}'.");
        if (attempt.Outcome != IntegrationOutcomes.AwaitingApproval) return attempt;
        // A person's approval does not outweigh a policy that denies the integration (it may have changed meanwhile).
        if (decision.Decision == ApprovalDecisions.Approved && await RejectIfDeniedAsync(attempt, cancellationToken) is { } refused) return refused;
        return decision.Decision == ApprovalDecisions.Approved
            ? await manager.ApproveAsync(attempt.Id, decision.By, cancellationToken)
            : await manager.RejectAsync(attempt.Id, $"{decision.Decision.ToLowerInvariant()} by {decision.By}{(decision.Comment is { } c ? $": {c}" : "")}", cancellationToken);
    }

    /// <summary>The approval's title and summary, as a person sees them in <c>agent approvals</c>.</summary>
    public static (string Title, string Summary, List<string> Reasons) Describe(IntegrationAttempt attempt) => (
        $"Integrate MCP server {attempt.Name} ({attempt.ServerName}) into {attempt.Target}",
        $"{attempt.Package}; tools: {string.Join(", ", attempt.Tools)}; probe {attempt.Probe} succeeded" +
            (attempt.Capability is { } c ? $"; provides {c}" : "") + $"; attempt {attempt.Id}",
        [$"{attempt.ServerName} is not in Discovery:AutoApprove; it would run as a tool of every Claude run in {attempt.Target}."]);
}

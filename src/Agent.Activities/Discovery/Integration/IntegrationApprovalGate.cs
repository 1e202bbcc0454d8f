using Agent.Activities.Approvals;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Connects integration attempts with approvals: a server the policy allows (<see cref="AutoApprovePolicy"/>) is
/// integrated at once; any other waits for a <see cref="HumanApproval"/>-style approval whose id is kept on the
/// attempt, and the recorded decision integrates or rejects it.
/// </summary>
public sealed class IntegrationApprovalGate(IntegrationManager manager, IntegrationAttemptStore attempts, AutoApprovePolicy policy, TimeProvider clock)
{
    /// <summary>Integrates an awaiting attempt when the policy allows its server; null when a human must decide.</summary>
    public async Task<IntegrationAttempt?> TryAutoApproveAsync(IntegrationAttempt attempt, CancellationToken cancellationToken = default) =>
        policy.AllowedBy(attempt.ServerName, attempt.Name) is { } pattern
            ? await manager.ApproveAsync(attempt.Id, $"policy (Discovery:AutoApprove '{pattern}')", cancellationToken)
            : null;

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

namespace Agent.Activities.Claude;

/// <summary>
/// Accounts Claude's spend across runs (budgets per day, month and cycle): asked before every run, told after it.
/// <see cref="ClaudeRunner"/> calls it when one is registered, so every run — cycle, MCP tool, CLI — is counted.
/// </summary>
public interface IClaudeSpendGate
{
    /// <summary>Refuses the run when a budget is exhausted, else grants the tightest budget that remains.</summary>
    Task<ClaudeSpendGrant> BeforeRunAsync(ClaudeRunRequest request, CancellationToken cancellationToken);

    /// <summary>Charges what the run spent.</summary>
    Task AfterRunAsync(ClaudeRunRequest request, ClaudeRunResult result, CancellationToken cancellationToken);
}

/// <summary>The answer of <see cref="IClaudeSpendGate.BeforeRunAsync"/>.</summary>
/// <param name="Refusal">Why the run may not start, or null.</param>
/// <param name="Budget">The budget the run gets (the request's own, tightened to what remains); null = unlimited.</param>
public sealed record ClaudeSpendGrant(string? Refusal, ClaudeBudget? Budget);

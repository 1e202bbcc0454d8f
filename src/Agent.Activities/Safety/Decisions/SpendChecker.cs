using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>Spend within <see cref="DecisionsOptions.SpendEscalationUsd"/>: a cycle that spent more escalates to a human.</summary>
public sealed class SpendChecker(IOptions<DecisionsOptions> options) : IPrincipleChecker
{
    /// <inheritdoc />
    public string Principle => PrincipleIds.SpendWithinThreshold;

    /// <inheritdoc />
    public Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var limit = options.Value.SpendEscalationUsd;
        if (subject.SpentUsd is not { } spent) return Task.FromResult(PrincipleResult.Pass(Principle, "the cycle's spend is not known at this decision"));
        var evidence = $"the cycle spent {spent:0.####} USD; escalation above {limit:0.####} USD (Safety:Decisions:SpendEscalationUsd)";
        return Task.FromResult(spent > limit ? PrincipleResult.Fail(Principle, DecisionOutcome.Escalate, evidence) : PrincipleResult.Pass(Principle, evidence));
    }
}

namespace Agent.Activities.Safety.Decisions;

/// <summary>Checks one principle for a decision and returns pass, fail or unknown with evidence. Registered once each; the <see cref="DecisionMaker"/> runs them all.</summary>
public interface IPrincipleChecker
{
    /// <summary>The principle's id (<see cref="PrincipleIds"/>).</summary>
    string Principle { get; }

    /// <summary>Checks <paramref name="subject"/>.</summary>
    Task<PrincipleResult> CheckAsync(DecisionSubject subject, CancellationToken cancellationToken);
}

using Agent.Activities.Safety.Events;

namespace Agent.Activities.Safety.Decisions;

/// <summary>
/// Makes a decision: checks every principle (<see cref="IPrincipleChecker"/>), concludes — deny when a principle whose
/// failure denies fails; escalate when one that escalates fails or one cannot be told; allow otherwise — stores the
/// record and publishes it as a <see cref="SafetyEventKinds.Decision"/> event (once: recording the same decision again
/// after a crash replaces the record and publishes only when its outcome changed).
/// </summary>
public sealed class DecisionMaker(IEnumerable<IPrincipleChecker> checkers, DecisionStore store, ISafetyEventSink events, TimeProvider clock)
{
    /// <summary>Decides about <paramref name="subject"/>.</summary>
    public async Task<DecisionRecord> DecideAsync(DecisionSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var results = new List<PrincipleResult>();
        foreach (var checker in checkers)
        {
            try { results.Add(await checker.CheckAsync(subject, cancellationToken).ConfigureAwait(false)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or System.Xml.XmlException)
            {
                // A check that cannot look is not a pass: a human decides.
                results.Add(PrincipleResult.Unknown(checker.Principle, $"the check could not run: {e.Message}"));
            }
        }
        var outcome = results.Any(r => r.Outcome == PrincipleOutcome.Fail && r.OnFail == DecisionOutcome.Deny) ? DecisionOutcome.Deny
            : results.Any(r => r.Outcome != PrincipleOutcome.Pass) ? DecisionOutcome.Escalate
            : DecisionOutcome.Allow;
        var reasons = results.Where(r => r.Outcome != PrincipleOutcome.Pass)
            .Select(r => $"{r.Principle} {(r.Outcome == PrincipleOutcome.Fail ? "fails" : "is unknown")}: {string.Join("; ", r.Evidence)}").ToList();
        if (reasons.Count == 0) reasons.Add($"every principle holds ({results.Count} checked)");
        var record = new DecisionRecord(Guid.NewGuid().ToString("N"), subject.CycleId, subject.Kind, subject.Subject, subject.TargetRepository, results, outcome, reasons, clock.GetUtcNow());
        var (stored, changed) = await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        if (changed) await events.PublishAsync(ToEvent(stored), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private SafetyEvent ToEvent(DecisionRecord record)
    {
        var data = new Dictionary<string, string>
        {
            ["decisionId"] = record.Id, ["cycleId"] = record.CycleId, ["kind"] = record.Kind, ["subject"] = record.Subject, ["target"] = record.Target,
            ["outcome"] = record.OutcomeName, ["reasons"] = string.Join(" | ", record.Reasons),
            ["principles"] = string.Join(", ", record.Principles.Select(p => $"{p.Principle}={p.Outcome.ToString().ToLowerInvariant()}")),
        };
        return SafetyEvent.Create(SafetyEventKinds.Decision, "agent", $"{record.Kind} {record.Subject}: {record.OutcomeName} ({record.Reasons[0]})", data, clock);
    }
}

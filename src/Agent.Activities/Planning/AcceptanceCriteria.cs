using Agent.Activities.Gaps;

namespace Agent.Activities.Planning;

/// <summary>The acceptance criteria of a gap's task: its own aim, plus the rules every change must keep.</summary>
public static class AcceptanceCriteria
{
    /// <summary>The criteria for <paramref name="gap"/>.</summary>
    public static IReadOnlyList<string> For(Gap gap)
    {
        var aim = gap.TaskType switch
        {
            TaskTypes.FixFailingTest => $"The test '{gap.Subject}' passes.",
            TaskTypes.FixBuild => "The build succeeds.",
            TaskTypes.RemoveWarning => $"The warning is gone: {gap.Summary}",
            TaskTypes.DocumentApi => $"Every public member in {gap.Subject} has an XML doc comment that says what it does.",
            TaskTypes.RemoveTodo => $"No TODO or FIXME marker is left in {gap.Subject}; each one is either done or removed with its reason written down.",
            TaskTypes.AddTests => $"{gap.Metric} improves towards {gap.Target} with new, meaningful tests.",
            TaskTypes.UpdateDependency when Goals.MetricCatalog.Find(gap.Subject) is null && gap.Subject.Length > 0 =>
                $"The package {gap.Subject} is no longer outdated or vulnerable (updated to the version named in the task), and everything still builds and passes.",
            TaskTypes.UpdateDependency => "The listed packages are updated and everything still builds and passes.",
            _ => $"{gap.Target} is met.",
        };
        return
        [
            aim,
            "No test that passed before fails afterwards.",
            "No test is deleted, skipped, or weakened (assertions stay as strict as they were).",
            "The build has no more warnings than before.",
        ];
    }
}

using Agent.Workflows.Model;

namespace Agent.Bench;

/// <summary>The definitions the figures run: each is a root flowchart with activities connected in a line.</summary>
public static class Definitions
{
    /// <summary>(a), (d): <c>Elsa.Start</c> then six <c>Bench.Noop</c>.</summary>
    public static WorkflowDefinition NoopCycle() =>
        Line("bench-noop-7", ["Elsa.Start", "Bench.Noop", "Bench.Noop", "Bench.Noop", "Bench.Noop", "Bench.Noop", "Bench.Noop"]);

    /// <summary>Profiling: a flowchart of one <c>Elsa.Start</c>, to separate per-instance from per-activity cost.</summary>
    public static WorkflowDefinition SingleStart() => Line("bench-one", ["Elsa.Start"]);

    /// <summary>(b), (c): seven activities each doing one work unit (SHA-256 over the bench buffer, 16 KB by default).</summary>
    public static WorkflowDefinition WorkCycle() =>
        Line("bench-work-7", ["Bench.Work1", "Bench.Work2", "Bench.Work3", "Bench.Work4", "Bench.Work5", "Bench.Work6", "Bench.Work7"]);

    /// <summary>(e): <c>Elsa.Start</c>, an <c>Elsa.Event</c> the instance waits on, then one <c>Bench.Noop</c>.</summary>
    public static WorkflowDefinition EventWait(string eventName)
    {
        var d = Line("bench-event", ["Elsa.Start", "Elsa.Event", "Bench.Noop"]);
        d.Root.Activities![1].SetInput("eventName", new InputValue("String", ExpressionModel.Literal(eventName)));
        return d;
    }

    private static WorkflowDefinition Line(string definitionId, string[] types)
    {
        var d = new WorkflowDefinition
        {
            Id = $"{definitionId}-v1", DefinitionId = definitionId, Name = definitionId, Version = 1,
            IsLatest = true, IsPublished = true, CreatedAt = DateTimeOffset.UnixEpoch,
        };
        for (var i = 0; i < types.Length; i++)
            d.Root.Activities!.Add(new ActivityNode { Id = $"a{i + 1}", NodeId = $"root:a{i + 1}", Type = types[i], Name = $"a{i + 1}" });
        for (var i = 1; i < types.Length; i++)
            d.Root.Connections!.Add(Connection.Create($"a{i}", "Done", $"a{i + 1}"));
        return d;
    }
}

namespace Agent.Workflows.Execution.Flowchart;

/// <summary>
/// How an activity with several inbound connections reacts to arriving tokens. Set with the
/// <c>mergeMode</c> custom property on any activity; <c>Elsa.FlowJoin</c> derives it from its <c>mode</c>
/// input. The names and meanings follow Elsa 3; <see cref="WaitAllActive"/> is the default when no mode is
/// set. The rules are written down in docs/engine.md.
/// </summary>
public enum MergeMode
{
    /// <summary>
    /// Default for implicit joins: wait until every forward inbound branch has either delivered or can no
    /// longer deliver (nothing pending upstream of it), then run once if any delivered.
    /// </summary>
    WaitAllActive,
    /// <summary>Run for each arriving token, unless a direct source of the activity is itself still waiting to run.</summary>
    Stream,
    /// <summary>Wait for a token on every forward inbound connection; a branch that never arrives blocks.</summary>
    Merge,
    /// <summary>Like <see cref="Merge"/>, over every inbound connection, loop back edges included.</summary>
    Converge,
    /// <summary>Run for the first arriving branch; later arrivals of the same round are swallowed.</summary>
    Cascade,
    /// <summary>Like <see cref="Cascade"/>, and the other branches' waiting activities are cancelled.</summary>
    Race,
}

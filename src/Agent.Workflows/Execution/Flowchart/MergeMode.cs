namespace Agent.Workflows.Execution.Flowchart;

/// <summary>
/// How an activity with several inbound connections reacts to arriving tokens. Set with the
/// <c>mergeMode</c> custom property on any activity; <c>Elsa.FlowJoin</c> derives it from its <c>mode</c> input.
/// The rules are written down in docs/engine.md.
/// </summary>
public enum MergeMode
{
    /// <summary>Run once per arriving token, without waiting for other branches.</summary>
    Stream,
    /// <summary>Wait for every forward inbound branch that can still deliver a token, then run once.</summary>
    Merge,
    /// <summary>Wait for a token on every forward inbound connection, then run once.</summary>
    Converge,
    /// <summary>Run on every arriving token, even while a previous run is still pending.</summary>
    Cascade,
    /// <summary>Run on the first token; cancel the other inbound branches.</summary>
    Race,
}

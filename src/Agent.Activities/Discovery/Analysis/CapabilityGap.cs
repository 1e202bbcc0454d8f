namespace Agent.Activities.Discovery.Analysis;

/// <summary>A capability the agent needs and no tool it has provides, ranked.</summary>
/// <param name="Capability">The capability tag.</param>
/// <param name="Description">What the capability is (from the taxonomy).</param>
/// <param name="Evidence">Every need behind it.</param>
/// <param name="Goals">How many goals need it.</param>
/// <param name="OpenGaps">How many open gaps need it.</param>
/// <param name="FailedRuns">How many recorded failures show it missing.</param>
/// <param name="Impact">3 × goals + 2 × open gaps + failed runs.</param>
/// <param name="Cost">1 + 2 if it needs secrets + install MB ÷ 100 + risk (low 0, medium 1, high 2).</param>
/// <param name="Priority">Impact ÷ cost.</param>
/// <param name="Reasons">The ranking explained, one sentence each.</param>
public sealed record CapabilityGap(
    string Capability,
    string Description,
    IReadOnlyList<CapabilityNeed> Evidence,
    int Goals,
    int OpenGaps,
    int FailedRuns,
    double Impact,
    double Cost,
    double Priority,
    IReadOnlyList<string> Reasons);

/// <summary>The result of gap analysis.</summary>
/// <param name="Gaps">Capability gaps, highest priority first.</param>
/// <param name="Provided">Capabilities the agent has (built-in tools and the map's present tools).</param>
/// <param name="Satisfied">Needs that some provided capability meets.</param>
public sealed record CapabilityGapReport(IReadOnlyList<CapabilityGap> Gaps, IReadOnlyList<string> Provided, IReadOnlyList<CapabilityNeed> Satisfied);

namespace Agent.Activities.Discovery.Analysis;

/// <summary>What declared or revealed a need for a capability.</summary>
public enum NeedOrigin
{
    /// <summary>A goal's <c>needs</c> list in <c>agent.goals.yaml</c>.</summary>
    Goal,

    /// <summary>An open gap whose type needs it (the <c>gapTypes</c> mapping of <c>capabilities.yaml</c>).</summary>
    GapType,

    /// <summary>The knowledge base: runs that failed because a tool was missing.</summary>
    FailedRun,
}

/// <summary>One piece of evidence that the agent needs a capability.</summary>
/// <param name="Capability">The capability tag.</param>
/// <param name="Origin">What declared or revealed it.</param>
/// <param name="Reference">The goal id, gap type, or knowledge-base error id.</param>
/// <param name="Evidence">A sentence for people: what exactly shows the need.</param>
/// <param name="Weight">How many things it stands for (e.g. how often the error was seen), ≥ 1.</param>
public sealed record CapabilityNeed(string Capability, NeedOrigin Origin, string Reference, string Evidence, int Weight = 1);

/// <summary>Finds needs of one kind; gap analysis asks every registered source.</summary>
public interface ICapabilityNeedSource
{
    /// <summary>The needs for <paramref name="targetPath"/> (null: needs independent of a target only).</summary>
    Task<IReadOnlyList<CapabilityNeed>> NeedsAsync(string? targetPath, CapabilityTaxonomy taxonomy, CancellationToken cancellationToken);
}

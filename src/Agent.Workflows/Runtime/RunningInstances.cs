namespace Agent.Workflows.Runtime;

/// <summary>
/// The instances one call chain is running, innermost first: a parent whose step started a child that ended at once
/// is in it. Immutable, so each nested run prepends a node and the enclosing run's chain is untouched.
/// </summary>
/// <remarks>
/// A linked list rather than an immutable set: chains are one or two long (a parent and its child), and a node is
/// one small allocation per run where a set was several.
/// </remarks>
internal sealed class RunningInstances(string instanceId, RunningInstances? outer)
{
    /// <summary>True when <paramref name="id"/> is in the chain.</summary>
    public bool Contains(string id)
    {
        for (var node = this; node is not null; node = node.Outer)
            if (string.Equals(node.InstanceId, id, StringComparison.Ordinal)) return true;
        return false;
    }

    private string InstanceId { get; } = instanceId;

    private RunningInstances? Outer { get; } = outer;
}

namespace Agent.Workflows.Runtime;

/// <summary>
/// Told when this process stops executing an instance for now — it finished, faulted, was cancelled or suspended on a
/// bookmark — so whatever a step held for the duration of the run (e.g. a cycle's target lock) can be let go.
/// </summary>
/// <remarks>Registered in the container; <see cref="WorkflowRuntime"/> calls every one after each start, resume and recovery.</remarks>
public interface IInstanceRunListener
{
    /// <summary>The run of <paramref name="instance"/> in this process has ended (its state is committed).</summary>
    ValueTask RunEndedAsync(WorkflowInstance instance, CancellationToken cancellationToken);
}

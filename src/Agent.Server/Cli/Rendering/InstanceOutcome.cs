using Agent.Workflows.Runtime;

namespace Agent.Server.Cli.Rendering;

/// <summary>Maps where an instance ended up to the verb's exit code.</summary>
public static class InstanceOutcome
{
    /// <summary>0 when finished or suspended, 1 otherwise (faulted, cancelled, or still running).</summary>
    public static int ExitCode(WorkflowStatus status) =>
        status is WorkflowStatus.Finished or WorkflowStatus.Suspended ? ExitCodes.Success : ExitCodes.Failed;

    /// <summary>0 when every instance finished or is suspended.</summary>
    public static int ExitCode(IEnumerable<WorkflowInstance> instances) =>
        instances.Select(i => ExitCode(i.Status)).DefaultIfEmpty(ExitCodes.Success).Max();
}

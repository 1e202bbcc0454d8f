namespace Agent.Activities.Coordination.Distribution;

/// <summary>A task was refused before anything was stored (bad id, role, capability or payload); the message says what to send instead.</summary>
/// <param name="field">The field at fault (<c>id</c>, <c>kind</c>, <c>role</c>, <c>capabilities</c>, <c>payload</c>, <c>correlationId</c>, <c>result</c>).</param>
/// <param name="message">What was wrong and what to do.</param>
public sealed class InvalidTaskException(string field, string message) : Exception(message)
{
    /// <summary>The field at fault.</summary>
    public string Field { get; } = field;
}

/// <summary>No task has the id asked for.</summary>
public sealed class UnknownTaskException(string taskId)
    : Exception($"No task has id '{taskId}'; list the tasks with 'agent agents tasks'.")
{
    /// <summary>The id asked for.</summary>
    public string TaskId { get; } = taskId;
}

/// <summary>
/// The agent does not hold the task's lease (any more): another agent holds it, it went back to the queue, it expired,
/// or the task is finished. Whatever the agent did for it must not be reported as its result.
/// </summary>
public sealed class LeaseLostException(string taskId, string agentId, string message) : Exception(message)
{
    /// <summary>The task.</summary>
    public string TaskId { get; } = taskId;
    /// <summary>The agent that asked.</summary>
    public string AgentId { get; } = agentId;
}

/// <summary>The task is in a state that does not allow the change (e.g. completing a task done by another agent); nothing changed.</summary>
public sealed class TaskStateException(string message) : Exception(message);

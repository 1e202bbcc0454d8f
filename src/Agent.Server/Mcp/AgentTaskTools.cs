using System.ComponentModel;
using System.Text.Json;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using ModelContextProtocol.Server;

namespace Agent.Server.Mcp;

/// <summary>A task's lease as the MCP tools return it to an agent.</summary>
public sealed record TaskLeaseInfo(string Id, string Kind, string Status, string? LeaseOwner, DateTimeOffset? LeaseExpiresAt, int Attempts, string? CorrelationId, JsonElement Payload)
{
    /// <summary>The info for <paramref name="t"/>.</summary>
    public static TaskLeaseInfo Of(WorkTask t) => new(t.Id, t.Kind, t.Status, t.LeaseOwner, t.LeaseExpiresAt, t.Attempts, t.CorrelationId, t.Payload);
}

/// <summary>
/// The task queue as MCP tools, for sub-agents working a task they hold: keep the lease alive, report the result. Thin:
/// <see cref="TaskQueue"/> does the work; bad input and lost leases become <c>InvalidParams</c> errors saying what to do.
/// </summary>
[McpServerToolType]
public sealed class AgentTaskTools(TaskQueue queue)
{
    private const string AgentDoc = "Your own agent id (the holder of the task's lease).";

    /// <summary>Extends a lease.</summary>
    [McpServerTool(Name = "agent_task_heartbeat"), Description("Extends your lease on a task you are working on by Coordination:LeaseTimeout (2 minutes by default); call it well within that. If it fails, the lease is lost (it expired or another agent holds the task): stop working on the task.")]
    public async Task<TaskLeaseInfo> HeartbeatAsync(
        [Description(AgentDoc)] string agent,
        [Description("The id of the task.")] string taskId,
        CancellationToken cancellationToken = default) =>
        TaskLeaseInfo.Of(await Guard(() => queue.HeartbeatAsync(taskId, agent, cancellationToken)));

    /// <summary>Completes a task.</summary>
    [McpServerTool(Name = "agent_task_complete"), Description("Marks a task you hold as done, with its result (a JSON object). Calling it again with the same result changes nothing; a task done already is never redone.")]
    public async Task<TaskLeaseInfo> CompleteAsync(
        [Description(AgentDoc)] string agent,
        [Description("The id of the task.")] string taskId,
        [Description("The result: a JSON object, e.g. {\"status\": \"succeeded\", \"summary\": \"...\"}.")] JsonElement result,
        CancellationToken cancellationToken = default)
    {
        var text = result.ValueKind == JsonValueKind.String ? result.GetString() : result.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : result.GetRawText();
        return TaskLeaseInfo.Of(await Guard(() => queue.CompleteAsync(taskId, agent, text, cancellationToken)));
    }

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (InvalidTaskException e)
        {
            throw McpArguments.Invalid(e.Field, e.Message);
        }
        catch (Exception e) when (e is UnknownTaskException or LeaseLostException or TaskStateException)
        {
            throw McpArguments.Invalid("taskId", e.Message);
        }
        catch (UnknownAgentException e)
        {
            throw McpArguments.Invalid("agent", e.Message);
        }
    }
}

using Agent.Workflows.Runtime;

namespace Agent.Server.Api;

/// <summary>
/// Our instances and journal in the shapes of Elsa's client models. Elsa splits our status in two: Running with
/// sub-status Executing or Suspended, Finished with sub-status Finished, Faulted or Cancelled.
/// </summary>
public static class ElsaInstanceJson
{
    /// <summary>Elsa's (status, subStatus) for our status.</summary>
    public static (string Status, string SubStatus) Status(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Running => ("Running", "Executing"),
        WorkflowStatus.Suspended => ("Running", "Suspended"),
        WorkflowStatus.Finished => ("Finished", "Finished"),
        WorkflowStatus.Faulted => ("Finished", "Faulted"),
        _ => ("Finished", "Cancelled"),
    };

    /// <summary>Our statuses within an Elsa status (Running, Finished); null when the name is not one.</summary>
    public static IReadOnlyList<WorkflowStatus>? MatchingStatus(string name) => name.ToLowerInvariant() switch
    {
        "running" => [WorkflowStatus.Running, WorkflowStatus.Suspended],
        "finished" => [WorkflowStatus.Finished, WorkflowStatus.Faulted, WorkflowStatus.Cancelled],
        _ => null,
    };

    /// <summary>Our statuses that an Elsa sub-status (Pending, Executing, Suspended, Finished, Faulted, Cancelled) names; null when unknown.</summary>
    public static IReadOnlyList<WorkflowStatus>? MatchingSubStatus(string name) => name.ToLowerInvariant() switch
    {
        "executing" or "pending" => [WorkflowStatus.Running],
        "suspended" => [WorkflowStatus.Suspended],
        "finished" => [WorkflowStatus.Finished],
        "faulted" => [WorkflowStatus.Faulted],
        "cancelled" => [WorkflowStatus.Cancelled],
        _ => null,
    };

    /// <summary>Elsa's <c>WorkflowInstanceSummary</c>.</summary>
    public static object Summary(WorkflowInstance i)
    {
        var (status, subStatus) = Status(i.Status);
        return new
        {
            id = i.Id, definitionId = i.DefinitionId, definitionVersionId = i.DefinitionVersionId, version = i.Version, status, subStatus,
            correlationId = i.CorrelationId, name = i.Name, incidentCount = i.State.Incidents.Count,
            createdAt = i.CreatedAt, updatedAt = i.UpdatedAt, finishedAt = i.FinishedAt,
        };
    }

    /// <summary>
    /// Elsa's <c>WorkflowInstance</c> with its <c>workflowState</c> (bookmarks, incidents, input, output, variables);
    /// <paramref name="nodes"/> gives the node ids of the activities bookmarks and incidents name (an activity inside a
    /// loop's body has one below the loop's), else the activity ids stand in for them.
    /// </summary>
    public static object Instance(WorkflowInstance i, ActivityNodeIds? nodes = null)
    {
        var (status, subStatus) = Status(i.Status);
        return new
        {
            id = i.Id, definitionId = i.DefinitionId, definitionVersionId = i.DefinitionVersionId, version = i.Version, workflowState = State(i, nodes),
            status, subStatus, correlationId = i.CorrelationId, name = i.Name, incidentCount = i.State.Incidents.Count,
            createdAt = i.CreatedAt, updatedAt = i.UpdatedAt, finishedAt = i.FinishedAt,
        };
    }

    /// <summary>Elsa's <c>WorkflowState</c> of an instance; see <see cref="Instance"/> for <paramref name="nodes"/>.</summary>
    public static object State(WorkflowInstance i, ActivityNodeIds? nodes = null)
    {
        string NodeId(string activityId) => nodes?.NodeId(activityId) ?? activityId;
        var (status, subStatus) = Status(i.Status);
        return new
        {
            id = i.Id, definitionId = i.DefinitionId, definitionVersionId = i.DefinitionVersionId, definitionVersion = i.Version,
            correlationId = i.CorrelationId, status, subStatus,
            bookmarks = i.State.Bookmarks.Select(b => new
            {
                id = b.Id, name = b.Name, hash = b.Id, payload = b.Payload, activityId = b.ActivityId, activityNodeId = NodeId(b.ActivityId),
                activityInstanceId = b.ActivityId, createdAt = b.CreatedAt, autoBurn = true,
            }).ToList(),
            incidents = i.State.Incidents.Select(x => new
            {
                activityId = x.ActivityId, activityNodeId = NodeId(x.ActivityId), activityType = x.ActivityType, message = x.Message,
                exception = x.ExceptionType is null ? null : new { type = x.ExceptionType, message = x.Message, stackTrace = x.StackTrace },
                timestamp = x.Timestamp,
            }).ToList(),
            completionCallbacks = Array.Empty<object>(),
            activityExecutionContexts = Array.Empty<object>(),
            input = i.State.Input, output = i.State.Output,
            properties = new Dictionary<string, object?> { ["variables"] = i.State.Variables, ["outputLines"] = i.State.OutputLines },
            createdAt = i.CreatedAt, updatedAt = i.UpdatedAt, finishedAt = i.FinishedAt,
        };
    }

    /// <summary>
    /// Elsa's <c>WorkflowExecutionLogRecord</c>s for one journal entry: a Started record and one for how it ended
    /// (Completed, Faulted, Suspended…), so the Studio's journal shows both times.
    /// </summary>
    public static IEnumerable<LogRecord> LogRecords(JournalEntry e, string nodeId)
    {
        var activityInstanceId = ActivityExecutionId(e);
        yield return Record(e, nodeId, activityInstanceId, "Started", e.StartedAt, e.Sequence * 2, null);
        var ended = e.Status switch
        {
            JournalStatus.Completed => "Completed",
            JournalStatus.Suspended => "Suspended",
            JournalStatus.Faulted => "Faulted",
            JournalStatus.Retrying => "Faulted",
            _ => "Cancelled",
        };
        yield return Record(e, nodeId, activityInstanceId, ended, e.CompletedAt, e.Sequence * 2 + 1, e.Error);
    }

    /// <summary>Elsa's <c>ActivityExecutionRecord</c> for one journal entry.</summary>
    public static object ActivityExecution(JournalEntry e, string nodeId, bool hasBookmarks) => new
    {
        id = ActivityExecutionId(e), workflowInstanceId = e.InstanceId, activityId = e.ActivityId, activityNodeId = nodeId,
        activityType = e.ActivityType, activityTypeVersion = 1, activityName = e.ActivityName,
        activityState = new Dictionary<string, object?>(), payload = new Dictionary<string, object?> { ["summary"] = e.Payload, ["outcomes"] = e.Outcomes },
        outputs = new Dictionary<string, object?>(), properties = new Dictionary<string, object?> { ["durationMs"] = e.DurationMs },
        metadata = new Dictionary<string, object?>(),
        exception = e.Error is null ? null : new { type = "Error", message = e.Error, stackTrace = (string?)null },
        startedAt = e.StartedAt, hasBookmarks, status = ActivityStatus(e.Status), aggregateFaultCount = e.Status == JournalStatus.Faulted ? 1 : 0,
        completedAt = e.Status == JournalStatus.Suspended ? (DateTimeOffset?)null : e.CompletedAt,
    };

    /// <summary>A stable id for a journal entry: instance id and sequence.</summary>
    public static string ActivityExecutionId(JournalEntry e) => $"{e.InstanceId}-{e.Sequence}";

    /// <summary>Elsa's activity status name for a journal status.</summary>
    public static string ActivityStatus(JournalStatus status) => status switch
    {
        JournalStatus.Completed => "Completed",
        JournalStatus.Suspended => "Running",
        JournalStatus.Faulted or JournalStatus.Retrying => "Faulted",
        _ => "Canceled",
    };

    private static LogRecord Record(JournalEntry e, string nodeId, string activityInstanceId, string eventName, DateTimeOffset at, long sequence, string? message) =>
        new($"{activityInstanceId}-{eventName}", activityInstanceId, null, e.ActivityId, e.ActivityType, 1, e.ActivityName, nodeId, at,
            sequence, eventName, message, null, null,
            eventName == "Started" ? null : new { outcomes = e.Outcomes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), summary = e.Payload });

    /// <summary>Elsa's <c>WorkflowExecutionLogRecord</c>.</summary>
    public sealed record LogRecord(
        string Id, string ActivityInstanceId, string? ParentActivityInstanceId, string ActivityId, string ActivityType, int ActivityTypeVersion,
        string? ActivityName, string NodeId, DateTimeOffset Timestamp, long Sequence, string EventName, string? Message, string? Source,
        object? ActivityState, object? Payload);
}

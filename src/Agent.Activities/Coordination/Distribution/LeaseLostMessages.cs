using System.Globalization;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>Why an agent no longer holds a task's lease, said so that it knows to stop and what holds the task now.</summary>
internal static class LeaseLostMessages
{
    /// <summary>The message for <paramref name="agentId"/> asking about <paramref name="task"/> at <paramref name="now"/>.</summary>
    public static string Describe(WorkTask task, string agentId, DateTimeOffset now)
    {
        const string Stop = "stop working on it and lease another task";
        var id = task.Id;
        return task.Status switch
        {
            TaskStatuses.Leased when task.LeaseOwner == agentId =>
                $"The lease of agent {agentId} on task '{id}' expired at {Time(task.LeaseExpiresAt)} (no heartbeat within Coordination:LeaseTimeout); it goes back to the queue — {Stop}.",
            TaskStatuses.Leased => $"Task '{id}' is held by agent {task.LeaseOwner} now (lease until {Time(task.LeaseExpiresAt)}), not by {agentId}; {Stop}.",
            TaskStatuses.Queued => $"Task '{id}' is back in the queue ({task.Reason ?? "not leased"}); agent {agentId} does not hold it — {Stop}.",
            TaskStatuses.Done => $"Task '{id}' is done already (by agent {task.LeaseOwner}); agent {agentId} does not hold it — {Stop}.",
            _ => $"Task '{id}' is {task.Status} ({task.Reason}); agent {agentId} does not hold it — {Stop}.",
        };
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";
}

using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Tests.Persistence;

/// <summary>Instances, commits, journal entries and bookmarks for store tests.</summary>
internal static class InstanceTestData
{
    /// <summary>A fixed instant with a non-UTC offset, so that offset handling is exercised.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));

    public static WorkflowInstance NewInstance(string id, string definitionId = "def-1", WorkflowStatus status = WorkflowStatus.Running, int minutes = 0) => new()
    {
        Id = id, DefinitionId = definitionId, DefinitionVersionId = definitionId + "-v1", Version = 1, Name = "Order " + id,
        CorrelationId = "corr-" + id, Status = status, CreatedAt = T0.AddMinutes(minutes), UpdatedAt = T0.AddMinutes(minutes),
    };

    public static InstanceCommit Commit(WorkflowInstance instance, long expected, JournalEntry[]? journal = null,
        Bookmark[]? add = null, string[]? remove = null, Incident[]? incidents = null) =>
        new(instance, expected, journal ?? [], add ?? [], remove ?? [], incidents ?? []);

    public static JournalEntry Entry(string instanceId, long sequence, string activityId = "a") => new()
    {
        InstanceId = instanceId, Sequence = sequence, ActivityId = activityId, ActivityType = "Elsa.WriteLine", ActivityName = "Write " + sequence,
        StartedAt = T0.AddSeconds(sequence), CompletedAt = T0.AddSeconds(sequence).AddMilliseconds(3), DurationMs = 3.25,
        Status = JournalStatus.Completed, Outcomes = "Done", Payload = "{\"x\":1}",
    };

    public static Bookmark NewBookmark(string id, string instanceId, string name = "Approve", string? correlationId = null, DateTimeOffset? expiresAt = null, int seconds = 0) => new()
    {
        Id = id, Name = name, InstanceId = instanceId, ActivityId = "wait", CorrelationId = correlationId,
        Payload = new Dictionary<string, object?> { ["summary"] = "Approve order", ["amount"] = 12.5, ["lines"] = new List<object?> { 1L, 2L } },
        CreatedAt = T0.AddSeconds(seconds), ExpiresAt = expiresAt,
    };
}

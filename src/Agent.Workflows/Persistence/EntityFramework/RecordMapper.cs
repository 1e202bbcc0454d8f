using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>Converts table rows to the engine's runtime types.</summary>
internal static class RecordMapper
{
    public static WorkflowInstance ToInstance(InstanceRecord r) => new()
    {
        Id = r.Id,
        DefinitionId = r.DefinitionId,
        DefinitionVersionId = r.DefinitionVersionId,
        Version = r.Version,
        Name = r.Name,
        CorrelationId = r.CorrelationId,
        Status = r.Status,
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
        FinishedAt = r.FinishedAt,
        Revision = r.Revision,
        State = StateJson.DeserializeState(r.StateJson),
    };

    public static Bookmark ToBookmark(BookmarkRecord r) => new()
    {
        Id = r.Id,
        Name = r.Name,
        InstanceId = r.InstanceId,
        ActivityId = r.ActivityId,
        CorrelationId = r.CorrelationId,
        Payload = StateJson.DeserializePayload(r.PayloadJson),
        CreatedAt = r.CreatedAt,
        ExpiresAt = r.ExpiresAt,
    };

    public static JournalEntry ToJournalEntry(JournalRecord r) => new()
    {
        InstanceId = r.InstanceId,
        Sequence = r.Sequence,
        ActivityId = r.ActivityId,
        ActivityType = r.ActivityType,
        ActivityName = r.ActivityName,
        StartedAt = r.StartedAt,
        CompletedAt = r.CompletedAt,
        DurationMs = r.DurationMs,
        Status = r.Status,
        Outcomes = r.Outcomes,
        Error = r.Error,
        Payload = r.Payload,
    };
}

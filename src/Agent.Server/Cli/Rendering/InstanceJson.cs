using Agent.Workflows.Runtime;

namespace Agent.Server.Cli.Rendering;

/// <summary>What <c>agent run --json</c> and <c>agent resume --json</c> print: one object per instance.</summary>
public sealed record InstanceResultJson(
    string InstanceId,
    WorkflowStatus Status,
    IReadOnlyList<string> Output,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<BookmarkJson> Bookmarks,
    IReadOnlyList<IncidentJson> Incidents)
{
    /// <summary>Projects an instance.</summary>
    public static InstanceResultJson From(WorkflowInstance instance) => new(
        instance.Id, instance.Status, instance.State.OutputLines, instance.State.Variables,
        instance.State.Bookmarks.Select(BookmarkJson.From).ToList(),
        instance.State.Incidents.Select(IncidentJson.From).ToList());
}

/// <summary>What <c>agent instances show --json</c> prints: the result plus identity, timing and input.</summary>
public sealed record InstanceDetailsJson(
    string InstanceId,
    string DefinitionId,
    int Version,
    string DefinitionVersionId,
    string? Name,
    string? CorrelationId,
    WorkflowStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, object?> Input,
    IReadOnlyList<string> Output,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<BookmarkJson> Bookmarks,
    IReadOnlyList<IncidentJson> Incidents)
{
    /// <summary>Projects an instance.</summary>
    public static InstanceDetailsJson From(WorkflowInstance i) => new(
        i.Id, i.DefinitionId, i.Version, i.DefinitionVersionId, i.Name, i.CorrelationId, i.Status,
        i.CreatedAt, i.UpdatedAt, i.FinishedAt, i.State.Input, i.State.OutputLines, i.State.Variables,
        i.State.Bookmarks.Select(BookmarkJson.From).ToList(), i.State.Incidents.Select(IncidentJson.From).ToList());
}

/// <summary>A bookmark an instance waits on.</summary>
public sealed record BookmarkJson(
    string Id, string Name, string ActivityId, string? CorrelationId,
    IReadOnlyDictionary<string, object?>? Payload, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>Projects a bookmark.</summary>
    public static BookmarkJson From(Bookmark b) => new(b.Id, b.Name, b.ActivityId, b.CorrelationId, b.Payload, b.CreatedAt, b.ExpiresAt);
}

/// <summary>A fault recorded against an instance (without the stack trace).</summary>
public sealed record IncidentJson(string ActivityId, string ActivityType, string Message, string? ExceptionType, DateTimeOffset Timestamp)
{
    /// <summary>Projects an incident.</summary>
    public static IncidentJson From(Incident i) => new(i.ActivityId, i.ActivityType, i.Message, i.ExceptionType, i.Timestamp);
}

/// <summary>One row of <c>agent instances list --json</c>.</summary>
public sealed record InstanceListItemJson(
    string InstanceId, string DefinitionId, int Version, string? Name, string? CorrelationId, WorkflowStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, int Bookmarks, int Incidents)
{
    /// <summary>Projects an instance.</summary>
    public static InstanceListItemJson From(WorkflowInstance i) => new(
        i.Id, i.DefinitionId, i.Version, i.Name, i.CorrelationId, i.Status, i.CreatedAt, i.UpdatedAt, i.FinishedAt,
        i.State.Bookmarks.Count, i.State.Incidents.Count);
}
